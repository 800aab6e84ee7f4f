// bench/README.md, varying_intercepts (Stan 2.21 syntax), centred.
data {
  int<lower=0> N;
  int<lower=1> J;
  int<lower=1, upper=J> group[N];
  vector[N] x;
  vector[N] y;
}
parameters {
  real mu_a;
  real<lower=0> sigma_a;
  vector[J] a;
  real b;
  real<lower=0> sigma_y;
}
model {
  mu_a ~ normal(0, 5);
  sigma_a ~ normal(0, 2.5);
  a ~ normal(mu_a, sigma_a);
  b ~ normal(0, 2.5);
  sigma_y ~ exponential(1);
  y ~ normal(a[group] + b * x, sigma_y);
}
