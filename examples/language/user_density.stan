// A robust location model in Stan with user-defined functions: measurements with outliers
// under a Student-t density written out as a _lpdf (Stan's student_t_lpdf, by hand), used
// with ~; replicated data from a _rng function; a recursive count in transformed data;
// a void function that checks the data.
functions {
  // The log density of each y under Student-t(nu) with location mu and scale s, summed.
  real student_location_lpdf(vector y, real mu, data real nu, data real s) {
    int N = rows(y);
    vector[N] z = (y - mu) / s;
    return N * (lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * log(nu * pi()) - log(s)) - (nu + 1) / 2 * sum(log1p(square(z) / nu));
  }

  // A draw of the same: a standard normal over the root of a chi-square(nu) / nu.
  real student_location_rng(real mu, real nu, real s) {
    return mu + s * normal_rng(0, 1) / sqrt(chi_square_rng(nu) / nu);
  }

  // How many of y[1:n] lie farther than c from m, counted recursively.
  int count_far(vector y, real m, real c, int n) {
    if (n == 0) return 0;
    return (abs(y[n] - m) > c) + count_far(y, m, c, n - 1);
  }

  // Stops with a message when a value given as data is not positive.
  void check_positive(data real value) {
    if (value <= 0) reject("must be positive: ", value);
  }
}
data {
  int<lower=1> N;
  vector[N] y;
  real nu;
  real s;
}
transformed data {
  check_positive(nu);
  check_positive(s);
  int far_from_median = count_far(y, quantile(y, 0.5), 3 * s, N);
}
parameters {
  real mu;
}
model {
  mu ~ normal(0, 10);
  y ~ student_location(mu, nu, s);
}
generated quantities {
  real y_rep = student_location_rng(mu, nu, s);
  int far = far_from_median;
}
