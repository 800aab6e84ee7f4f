// Weibull survival with right censoring and a truncated prior, profiled sections,
// argument checks that reject, and a matrix left division for the prior precision.
data {
  int<lower=0> N_obs;
  int<lower=0> N_cens;
  int<lower=1> P;
  vector<lower=0>[N_obs] t_obs;
  vector<lower=0>[N_cens] t_cens;
  matrix[N_obs, P] X_obs;
  matrix[N_cens, P] X_cens;
  cov_matrix[P] Sigma_beta;
}
transformed data {
  vector[P] zero = rep_vector(0, P);
  matrix[P, P] L = cholesky_decompose(Sigma_beta);
  vector[P] check = L \ zero;
  if (N_obs + N_cens == 0) reject("no observations: N_obs + N_cens is ", N_obs + N_cens);
}
parameters {
  real<lower=0> shape;
  vector[P] beta;
}
model {
  profile("priors") {
    shape ~ gamma(2, 0.5) T[0.1, 20];
    beta ~ multi_normal_cholesky(zero, L);
  }
  profile("likelihood") {
    vector[N_obs] scale_obs = exp(-(X_obs * beta) / shape);
    t_obs ~ weibull(shape, scale_obs);
    target += weibull_lccdf(t_cens | shape, exp(-(X_cens * beta) / shape));
  }
  if (is_nan(target())) print("the log density is NaN at shape = ", shape);
}
generated quantities {
  real median_baseline = log(2)^(1 / shape);
  int<lower=0, upper=1> long_tail = shape < 1;
}
