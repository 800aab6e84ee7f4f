// bench/README.md, correlated_2d (Stan 2.21 syntax).
data {
  real<lower=-1, upper=1> rho;
}
transformed data {
  matrix[2, 2] Sigma = [[1, rho], [rho, 1]];
  vector[2] zero = rep_vector(0, 2);
}
parameters {
  vector[2] x;
}
model {
  x ~ multi_normal(zero, Sigma);
}
