// bench/README.md, gaussian_100d (Stan 2.21 syntax).
data {
  int<lower=1> D;
  vector<lower=0>[D] scale;
}
parameters {
  vector[D] x;
}
model {
  x ~ normal(0, scale);
}
