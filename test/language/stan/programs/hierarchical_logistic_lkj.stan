/* Hierarchical logistic regression with correlated varying coefficients:
   an LKJ prior on the correlation, Cholesky-parameterised and non-centred
   (Stan User's Guide, "Multivariate priors for hierarchical models"). */
data {
  int<lower=1> N;                       // observations
  int<lower=1> K;                       // predictors, intercept included
  int<lower=1> J;                       // groups
  array[N] int<lower=1, upper=J> group;
  matrix[N, K] x;
  array[N] int<lower=0, upper=1> y;
}
transformed data {
  // centre the predictors (not the intercept column)
  matrix[N, K] xc = x;
  for (k in 2:K) {
    xc[:, k] = x[:, k] - mean(x[:, k]);
  }
}
parameters {
  vector[K] gamma;                      // population coefficients
  vector<lower=0>[K] tau;               // scales of the group coefficients
  cholesky_factor_corr[K] L_Omega;
  matrix[K, J] z;
}
transformed parameters {
  matrix[J, K] beta = rep_matrix(gamma', J) + (diag_pre_multiply(tau, L_Omega) * z)';
}
model {
  vector[N] eta;
  gamma ~ normal(0, 2.5);
  tau ~ exponential(1);
  L_Omega ~ lkj_corr_cholesky(2);
  to_vector(z) ~ std_normal();
  for (n in 1:N) {
    eta[n] = xc[n] * beta[group[n]]';
  }
  y ~ bernoulli_logit(eta);
}
generated quantities {
  corr_matrix[K] Omega = multiply_lower_tri_self_transpose(L_Omega);
  array[N] int y_rep;
  {
    vector[N] p = inv_logit(rows_dot_product(xc, beta[group]));
    for (n in 1:N) y_rep[n] = bernoulli_rng(p[n]);
  }
}
