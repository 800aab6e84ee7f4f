// Eight schools (Rubin 1981; Gelman et al., BDA3 section 5.5), non-centred through
// <offset, multiplier>, with posterior predictive draws.
data {
  int<lower=0> J;                 // number of schools
  array[J] real y;                // estimated treatment effects
  array[J] real<lower=0> sigma;   // their standard errors
}
parameters {
  real mu;
  real<lower=0> tau;
  vector<offset=mu, multiplier=tau>[J] theta;
}
model {
  mu ~ normal(0, 5);
  tau ~ cauchy(0, 5);
  theta ~ normal(mu, tau);
  y ~ normal(theta, sigma);
}
generated quantities {
  array[J] real y_rep = normal_rng(theta, sigma);
  real<lower=0, upper=1> shrinkage = tau^2 / (tau^2 + mean(square(to_vector(sigma))));
  vector[J] log_lik;
  for (j in 1:J) {
    log_lik[j] = normal_lpdf(y[j] | theta[j], sigma[j]);
  }
}
