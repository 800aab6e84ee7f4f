// A Gaussian hidden Markov model: the forward algorithm in a user function, Viterbi
// decoding in generated quantities, a recursive helper and a while loop.
functions {
  // log of the marginal likelihood by the forward algorithm (Rabiner 1989, eq. 19-21)
  real hmm_forward_lpdf(vector y, matrix log_Gamma, vector log_rho, vector mu, vector sigma) {
    int N = rows(y);
    int K = rows(mu);
    vector[K] alpha;
    vector[K] next_alpha;
    for (k in 1:K) alpha[k] = log_rho[k] + normal_lpdf(y[1] | mu[k], sigma[k]);
    for (t in 2:N) {
      for (k in 1:K) {
        next_alpha[k] = log_sum_exp(alpha + col(log_Gamma, k)) + normal_lpdf(y[t] | mu[k], sigma[k]);
      }
      alpha = next_alpha;
    }
    return log_sum_exp(alpha);
  }

  // greatest common divisor, recursively (Euclid)
  int gcd(int a, int b);
  int gcd(int a, int b) {
    if (b == 0) return a;
    return gcd(b, a % b);
  }

  // the first index at which a vector reaches its maximum
  int first_argmax(vector v) {
    int best = 1;
    int i = 2;
    while (i <= rows(v)) {
      if (v[i] > v[best]) best = i;
      i += 1;
    }
    return best;
  }
}
data {
  int<lower=1> N;
  int<lower=1> K;
  vector[N] y;
}
transformed data {
  int period = gcd(N, K);
}
parameters {
  array[K] simplex[K] Gamma_rows;
  simplex[K] rho;
  ordered[K] mu;
  vector<lower=0>[K] sigma;
}
transformed parameters {
  matrix[K, K] log_Gamma;
  for (k in 1:K) log_Gamma[k] = log(Gamma_rows[k])';
}
model {
  for (k in 1:K) Gamma_rows[k] ~ dirichlet(rep_vector(1, K));
  mu ~ normal(0, 10);
  sigma ~ normal(0, 5);
  y ~ hmm_forward(log_Gamma, log(rho), mu, sigma);
}
generated quantities {
  array[N] int<lower=1, upper=K> path;
  {
    array[N, K] int back;
    matrix[N, K] best;
    for (k in 1:K) best[1, k] = log(rho[k]) + normal_lpdf(y[1] | mu[k], sigma[k]);
    for (t in 2:N) {
      for (k in 1:K) {
        vector[K] scores = best[t - 1]' + col(log_Gamma, k);
        back[t, k] = first_argmax(scores);
        best[t, k] = scores[back[t, k]] + normal_lpdf(y[t] | mu[k], sigma[k]);
      }
    }
    path[N] = first_argmax(best[N]');
    for (s in 1:(N - 1)) {
      int t = N - s;
      path[t] = back[t + 1, path[t + 1]];
    }
  }
}
