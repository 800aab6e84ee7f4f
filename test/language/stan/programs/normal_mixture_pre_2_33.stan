# A K-component normal mixture with ordered means, written the pre-2.33 way:
# old array syntax, '#' comments, and a user density called with '|'.
functions {
  real mixture_lpdf(real y, vector log_w, vector mu, vector sigma) {
    int K = rows(mu);
    vector[K] lp;
    for (k in 1:K)
      lp[k] = log_w[k] + normal_lpdf(y | mu[k], sigma[k]);
    return log_sum_exp(lp);
  }
}
data {
  int<lower=1> K;
  int<lower=1> N;
  real y[N];
  real<lower=0> prior_scale;
}
transformed data {
  real y_mean = mean(y);
  real y_sd = sd(y);
}
parameters {
  simplex[K] w;
  ordered[K] mu;
  vector<lower=0>[K] sigma;
}
model {
  vector[K] log_w = log(w);
  w ~ dirichlet(rep_vector(2.0, K));
  mu ~ normal(y_mean, prior_scale * y_sd);
  sigma ~ lognormal(log(y_sd), 1);
  for (n in 1:N)
    y[n] ~ mixture(log_w, mu, sigma);
}
generated quantities {
  int z[N];            # component memberships
  real log_lik[N];
  for (n in 1:N) {
    vector[K] lp = log(w);
    for (k in 1:K)
      lp[k] += normal_lpdf(y[n] | mu[k], sigma[k]);
    log_lik[n] = log_sum_exp(lp);
    z[n] = categorical_rng(softmax(lp));
  }
}
