// Gaussian-process regression with a squared-exponential kernel (Rasmussen and Williams
// 2006, algorithm 2.1), predictions at new inputs drawn in generated quantities.
functions {
  vector gp_pred_rng(array[] real x_new, vector y, array[] real x, real alpha, real rho, real sigma, real jitter) {
    int N = rows(y);
    int M = size(x_new);
    vector[M] f_new;
    {
      matrix[N, N] K = gp_exp_quad_cov(x, alpha, rho) + diag_matrix(rep_vector(square(sigma), N));
      matrix[N, N] L = cholesky_decompose(K);
      vector[N] a = mdivide_left_tri_low(L, y);
      vector[N] b = mdivide_right_tri_low(a', L)';
      matrix[N, M] K_cross = gp_exp_quad_cov(x, x_new, alpha, rho);
      vector[M] mean_new = K_cross' * b;
      matrix[N, M] v = mdivide_left_tri_low(L, K_cross);
      matrix[M, M] cov_new = gp_exp_quad_cov(x_new, alpha, rho) - v' * v + diag_matrix(rep_vector(jitter, M));
      f_new = multi_normal_rng(mean_new, cov_new);
    }
    return f_new;
  }
}
data {
  int<lower=1> N;
  array[N] real x;
  vector[N] y;
  int<lower=1> M;
  array[M] real x_new;
}
transformed data {
  real jitter = 1e-9;
  real y_sd = sd(y);
}
parameters {
  real<lower=0> rho;
  real<lower=0> alpha;
  real<lower=0> sigma;
}
model {
  matrix[N, N] L_K;
  {
    matrix[N, N] K = gp_exp_quad_cov(x, alpha, rho);
    real sq_sigma = square(sigma);
    for (n in 1:N) K[n, n] = K[n, n] + sq_sigma;
    L_K = cholesky_decompose(K);
  }
  rho ~ inv_gamma(5, 5);
  alpha ~ std_normal();
  sigma ~ normal(0, y_sd) T[0, ];
  y ~ multi_normal_cholesky(rep_vector(0, N), L_K);
}
generated quantities {
  vector[M] f_new = gp_pred_rng(x_new, y, x, alpha, rho, sigma, jitter);
  array[M] real y_new = normal_rng(f_new, sigma);
}
