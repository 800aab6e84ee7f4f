# Reference log densities, log CDFs and log CCDFs of leapfrog's newer scalar distributions,
# from R's stats functions where R has the distribution and from closed forms written in
# R (through other distributions where there is a relation) where it has not.
#
#   Rscript scripts/r/distribution-fixtures.R > test/fixtures/distributions/r-reference.json
#
# Each case: the Stan name, its parameters in Stan's order, and per value y the log density
# (lpdf), and where the distribution has them the log CDF (lcdf) and log CCDF (lccdf).
# Values are printed with 17 significant digits; -Inf as the string "-Infinity".

num <- function(x) {
  if (is.nan(x)) return('"NaN"')
  if (is.infinite(x)) return(if (x > 0) '"Infinity"' else '"-Infinity"')
  sprintf("%.17g", x)
}
vec <- function(xs) paste0("[", paste(vapply(xs, num, ""), collapse = ", "), "]")

cases <- list()
add <- function(name, params, values, lpdf, lcdf = NULL, lccdf = NULL) {
  row <- sprintf('{"name": "%s", "params": %s, "values": %s, "lpdf": %s', name, vec(params), vec(values),
                 vec(vapply(values, lpdf, 0)))
  if (!is.null(lcdf)) row <- paste0(row, sprintf(', "lcdf": %s, "lccdf": %s', vec(vapply(values, lcdf, 0)), vec(vapply(values, lccdf, 0))))
  cases[[length(cases) + 1]] <<- paste0(row, "}")
}

# neg_binomial_2_log(y | eta, phi) and neg_binomial(y | alpha, beta): R's dnbinom.
for (p in list(c(0.5, 2), c(-2, 0.3), c(3, 50), c(1, 1e4))) {
  add("neg_binomial_2_log", p, c(0, 1, 4, 30, 2.5, -1),
      function(y) if (y < 0 || y != floor(y)) -Inf else dnbinom(y, size = p[2], mu = exp(p[1]), log = TRUE))
}
for (p in list(c(2, 0.5), c(0.3, 3), c(50, 10))) {
  add("neg_binomial", p, c(0, 1, 4, 30, 2.5, -1),
      function(y) if (y < 0 || y != floor(y)) -Inf else dnbinom(y, size = p[1], prob = p[2] / (1 + p[2]), log = TRUE))
}
# pareto(y | y_min, alpha): closed form.
for (p in list(c(1, 2), c(0.5, 0.7), c(3, 10))) {
  add("pareto", p, c(0.4, p[1], 1.5 * p[1], 10, 1e3),
      function(y) if (y < p[1]) -Inf else log(p[2]) + p[2] * log(p[1]) - (p[2] + 1) * log(y),
      function(y) if (y < p[1]) -Inf else log1p(-(p[1] / y)^p[2]),
      function(y) if (y < p[1]) -Inf else p[2] * log(p[1] / y))
}
# pareto_type_2(y | mu, lambda, alpha): closed form.
for (p in list(c(0, 1, 2), c(-1, 0.5, 0.7), c(2, 3, 10))) {
  add("pareto_type_2", p, c(p[1] - 1, p[1], p[1] + 0.5, p[1] + 10, 1e3),
      function(y) if (y < p[1]) -Inf else log(p[3]) - log(p[2]) - (p[3] + 1) * log1p((y - p[1]) / p[2]),
      function(y) if (y < p[1]) -Inf else log1p(-(1 + (y - p[1]) / p[2])^(-p[3])),
      function(y) if (y < p[1]) -Inf else -p[3] * log1p((y - p[1]) / p[2]))
}
# skew_normal(y | xi, omega, alpha): Azzalini's density through dnorm and pnorm.
for (p in list(c(0, 1, 0), c(1, 2, 3), c(-1, 0.5, -4), c(0, 1, 30))) {
  add("skew_normal", p, c(-40, -3, 0, 0.7, 2.5, 8),
      function(y) { z <- (y - p[1]) / p[2]; log(2) - log(p[2]) + dnorm(z, log = TRUE) + pnorm(p[3] * z, log.p = TRUE) })
}
# gumbel(y | mu, beta): closed form.
for (p in list(c(0, 1), c(2, 0.5), c(-1, 10))) {
  add("gumbel", p, c(-5, -1, 0, 1, 3, 30),
      function(y) { z <- (y - p[1]) / p[2]; -log(p[2]) - z - exp(-z) },
      function(y) -exp(-(y - p[1]) / p[2]),
      function(y) log(-expm1(-exp(-(y - p[1]) / p[2]))))
}
# frechet(y | alpha, sigma): 1/Y is weibull(alpha, 1/sigma).
for (p in list(c(1, 1), c(3, 2), c(0.7, 0.5))) {
  add("frechet", p, c(1e-3, 0.1, 1, 4, 100, -1),
      function(y) if (y <= 0) -Inf else dweibull(1 / y, p[1], 1 / p[2], log = TRUE) - 2 * log(y),
      function(y) if (y <= 0) -Inf else pweibull(1 / y, p[1], 1 / p[2], lower.tail = FALSE, log.p = TRUE),
      function(y) if (y <= 0) -Inf else pweibull(1 / y, p[1], 1 / p[2], log.p = TRUE))
}
# rayleigh(y | sigma): closed form.
for (p in list(c(1), c(0.3), c(20))) {
  add("rayleigh", p, c(0, 1e-4, 0.5, 2, 40, -1),
      function(y) if (y < 0) -Inf else log(y) - 2 * log(p[1]) - y^2 / (2 * p[1]^2),
      function(y) if (y < 0) -Inf else log(-expm1(-y^2 / (2 * p[1]^2))),
      function(y) if (y < 0) -Inf else -y^2 / (2 * p[1]^2))
}
# chi_square, inv_chi_square, scaled_inv_chi_square: dchisq and dgamma of 1/y.
for (p in list(c(1), c(2), c(7.5), c(100))) {
  add("chi_square", p, c(0, 1e-3, 0.5, 3, 20, 150, -1),
      function(y) if (y < 0) -Inf else dchisq(y, p[1], log = TRUE),
      function(y) if (y < 0) -Inf else pchisq(y, p[1], log.p = TRUE),
      function(y) if (y < 0) -Inf else pchisq(y, p[1], lower.tail = FALSE, log.p = TRUE))
  add("inv_chi_square", p, c(1e-3, 0.05, 0.5, 3, 20, 0, -1),
      function(y) if (y <= 0) -Inf else dgamma(1 / y, p[1] / 2, rate = 0.5, log = TRUE) - 2 * log(y),
      function(y) if (y <= 0) -Inf else pgamma(1 / y, p[1] / 2, rate = 0.5, lower.tail = FALSE, log.p = TRUE),
      function(y) if (y <= 0) -Inf else pgamma(1 / y, p[1] / 2, rate = 0.5, log.p = TRUE))
}
for (p in list(c(1, 1), c(4, 0.5), c(30, 2))) {
  add("scaled_inv_chi_square", p, c(1e-3, 0.05, 0.5, 3, 20, 0, -1),
      function(y) if (y <= 0) -Inf else dgamma(1 / y, p[1] / 2, rate = p[1] * p[2]^2 / 2, log = TRUE) - 2 * log(y),
      function(y) if (y <= 0) -Inf else pgamma(1 / y, p[1] / 2, rate = p[1] * p[2]^2 / 2, lower.tail = FALSE, log.p = TRUE),
      function(y) if (y <= 0) -Inf else pgamma(1 / y, p[1] / 2, rate = p[1] * p[2]^2 / 2, log.p = TRUE))
}
# exp_mod_normal(y | mu, sigma, lambda): closed form through pnorm.
for (p in list(c(0, 1, 1), c(1, 0.5, 3), c(-2, 2, 0.2))) {
  add("exp_mod_normal", p, c(-6, -1, 0, 1, 3, 15),
      function(y) { u <- (y - p[1]) / p[2]; log(p[3]) + p[3] * (p[1] + p[3] * p[2]^2 / 2 - y) + pnorm(u - p[3] * p[2], log.p = TRUE) },
      function(y) { u <- (y - p[1]) / p[2]; log(pnorm(u) - exp(-p[3] * (y - p[1]) + (p[3] * p[2])^2 / 2 + pnorm(u - p[3] * p[2], log.p = TRUE))) },
      function(y) { u <- (y - p[1]) / p[2]; log(pnorm(u, lower.tail = FALSE) + exp(-p[3] * (y - p[1]) + (p[3] * p[2])^2 / 2 + pnorm(u - p[3] * p[2], log.p = TRUE))) })
}
# von_mises(y | mu, kappa): log I0 from besselI's exponentially scaled value.
for (p in list(c(0, 0), c(0.5, 1), c(-1, 10), c(2, 45), c(0, 500))) {
  add("von_mises", p, c(-3, -1, 0, 0.5, 2, 3.1),
      function(y) p[2] * cos(y - p[1]) - log(2 * pi) - (log(besselI(p[2], 0, expon.scaled = TRUE)) + p[2]))
}
# loglogistic(y | alpha, beta): log Y is logistic(log alpha, 1/beta).
for (p in list(c(1, 1), c(2, 3), c(0.5, 0.8))) {
  add("loglogistic", p, c(1e-3, 0.2, 1, 5, 100, -1),
      function(y) if (y <= 0) -Inf else dlogis(log(y), log(p[1]), 1 / p[2], log = TRUE) - log(y),
      function(y) if (y <= 0) -Inf else plogis(log(y), log(p[1]), 1 / p[2], log.p = TRUE),
      function(y) if (y <= 0) -Inf else plogis(log(y), log(p[1]), 1 / p[2], lower.tail = FALSE, log.p = TRUE))
}
# beta_proportion(y | mu, kappa): dbeta.
for (p in list(c(0.5, 2), c(0.2, 10), c(0.9, 300))) {
  add("beta_proportion", p, c(0, 1e-4, 0.3, 0.95, 1, 1.2),
      function(y) dbeta(y, p[1] * p[2], (1 - p[1]) * p[2], log = TRUE))
}
add("std_normal", numeric(0), c(-40, -2, 0, 0.3, 5, 38),
    function(y) dnorm(y, log = TRUE), function(y) pnorm(y, log.p = TRUE), function(y) pnorm(y, lower.tail = FALSE, log.p = TRUE))
for (p in list(c(1, 6), c(-3, -3), c(0, 100))) {
  add("discrete_range", p, c(p[1] - 1, p[1], floor((p[1] + p[2]) / 2), p[2], p[2] + 1, p[1] + 0.5),
      function(y) if (y < p[1] || y > p[2] || y != floor(y)) -Inf else -log(p[2] - p[1] + 1),
      function(y) if (y < p[1] || y > p[2] || y != floor(y)) -Inf else log((y - p[1] + 1) / (p[2] - p[1] + 1)),
      function(y) if (y < p[1] || y > p[2] || y != floor(y)) -Inf else log((p[2] - y) / (p[2] - p[1] + 1)))
}
# CDFs added to older families: R's p-functions.
for (p in list(c(0, 1), c(2, 0.1), c(-1, 100))) {
  add("cauchy", p, c(-1e6, -3, 0, 2, 50), function(y) dcauchy(y, p[1], p[2], log = TRUE),
      function(y) pcauchy(y, p[1], p[2], log.p = TRUE), function(y) pcauchy(y, p[1], p[2], lower.tail = FALSE, log.p = TRUE))
  add("logistic", p, c(-800, -3, 0, 2, 50), function(y) dlogis(y, p[1], p[2], log = TRUE),
      function(y) plogis(y, p[1], p[2], log.p = TRUE), function(y) plogis(y, p[1], p[2], lower.tail = FALSE, log.p = TRUE))
  add("double_exponential", p, c(-40, -3, 0, 2, 50),
      function(y) -log(2 * p[2]) - abs(y - p[1]) / p[2],
      function(y) { z <- (y - p[1]) / p[2]; if (z < 0) z - log(2) else log1p(-exp(-z) / 2) },
      function(y) { z <- (y - p[1]) / p[2]; if (z > 0) -z - log(2) else log1p(-exp(z) / 2) })
}
for (p in list(c(0, 1), c(-2, 5))) {
  add("uniform", p, c(p[1], p[1] + 0.25, (p[1] + p[2]) / 2, p[2]), function(y) dunif(y, p[1], p[2], log = TRUE),
      function(y) punif(y, p[1], p[2], log.p = TRUE), function(y) punif(y, p[1], p[2], lower.tail = FALSE, log.p = TRUE))
}
for (p in list(c(0.5), c(10), c(1e3))) {
  add("poisson", p, c(0, 1, 5, 20, 1200), function(y) dpois(y, p[1], log = TRUE),
      function(y) ppois(y, p[1], log.p = TRUE), function(y) ppois(y, p[1], lower.tail = FALSE, log.p = TRUE))
}
for (p in list(c(1, 1), c(2.5, 0.5), c(10, 20))) {
  add("inv_gamma", p, c(1e-3, 0.5, 2, 30), function(y) dgamma(1 / y, p[1], rate = p[2], log = TRUE) - 2 * log(y),
      function(y) pgamma(1 / y, p[1], rate = p[2], lower.tail = FALSE, log.p = TRUE),
      function(y) pgamma(1 / y, p[1], rate = p[2], log.p = TRUE))
}
for (p in list(c(0.3), c(0.9))) {
  add("bernoulli", p, c(0, 1), function(y) dbinom(y, 1, p[1], log = TRUE),
      function(y) pbinom(y, 1, p[1], log.p = TRUE), function(y) pbinom(y, 1, p[1], lower.tail = FALSE, log.p = TRUE))
}

# CDFs by the incomplete beta function: pbeta, pbinom, pnbinom, pt.
for (p in list(c(2, 3), c(0.5, 0.5), c(30, 7))) {
  add("beta", p, c(1e-6, 0.2, 0.5, 0.9, 0.999), function(y) dbeta(y, p[1], p[2], log = TRUE),
      function(y) pbeta(y, p[1], p[2], log.p = TRUE), function(y) pbeta(y, p[1], p[2], lower.tail = FALSE, log.p = TRUE))
}
for (p in list(c(0.3, 5), c(0.8, 40))) {
  add("beta_proportion", p, c(1e-3, 0.2, 0.5, 0.9), function(y) dbeta(y, p[1] * p[2], (1 - p[1]) * p[2], log = TRUE),
      function(y) pbeta(y, p[1] * p[2], (1 - p[1]) * p[2], log.p = TRUE),
      function(y) pbeta(y, p[1] * p[2], (1 - p[1]) * p[2], lower.tail = FALSE, log.p = TRUE))
}
for (p in list(c(10, 0.3), c(40, 0.9), c(1, 0.5))) {
  add("binomial", p, unique(c(0, 1, min(3, p[1]), p[1])), function(y) dbinom(y, p[1], p[2], log = TRUE),
      function(y) pbinom(y, p[1], p[2], log.p = TRUE), function(y) pbinom(y, p[1], p[2], lower.tail = FALSE, log.p = TRUE))
}
for (p in list(c(3, 2.5), c(0.5, 30), c(20, 0.4))) {
  add("neg_binomial_2", p, c(0, 1, 4, 30), function(y) dnbinom(y, size = p[2], mu = p[1], log = TRUE),
      function(y) pnbinom(y, size = p[2], mu = p[1], log.p = TRUE), function(y) pnbinom(y, size = p[2], mu = p[1], lower.tail = FALSE, log.p = TRUE))
}
for (p in list(c(2, 0.5), c(0.3, 3))) {
  add("neg_binomial", p, c(0, 1, 4, 30), function(y) dnbinom(y, size = p[1], prob = p[2] / (1 + p[2]), log = TRUE),
      function(y) pnbinom(y, size = p[1], prob = p[2] / (1 + p[2]), log.p = TRUE),
      function(y) pnbinom(y, size = p[1], prob = p[2] / (1 + p[2]), lower.tail = FALSE, log.p = TRUE))
}
for (p in list(c(1, 0, 1), c(4.5, 1, 2), c(30, -2, 0.5))) {
  add("student_t", p, c(-40, -1, 0, 0.7, 3, 100), function(y) dt((y - p[2]) / p[3], p[1], log = TRUE) - log(p[3]),
      function(y) pt((y - p[2]) / p[3], p[1], log.p = TRUE), function(y) pt((y - p[2]) / p[3], p[1], lower.tail = FALSE, log.p = TRUE))
}

cat("[\n", paste(cases, collapse = ",\n"), "\n]\n", sep = "")
