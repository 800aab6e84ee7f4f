# Rscript scripts/r/arma-stuck-chains.R [first seed] [last seed]
#
# Stan's side of scripts/arma-stuck-chains.ts: posteriordb's arma11 (model_pre_2_33.stan, for
# rstan 2.21) with 4 chains x (1000 warm-up + 200 draws) per seed and Stan's default inits; a
# chain whose adapted step size is below 1e-6 is stuck. Then 10 chains from the point where
# leapfrog's chain 4 at seed 1 started (mu 1.82, phi -1.02, theta -1.47, sigma 0.154).
# Needs rstan with Boost headers (Debian's r-cran-bh installs none: an R library folder with
# BH/include pointing at /usr/include, given by R_LIBS, does).
suppressMessages(library(rstan))
args <- commandArgs(trailingOnly = TRUE)
first <- if (length(args) >= 1) as.integer(args[1]) else 1L
last <- if (length(args) >= 2) as.integer(args[2]) else 40L
dir <- "examples/posteriordb/arma-arma11"
d <- jsonlite::fromJSON(file.path(dir, "data.json"))
m <- stan_model(file.path(dir, "model_pre_2_33.stan"))
stuck <- 0
for (seed in first:last) {
  f <- sampling(m, data = d, chains = 4, iter = 1200, warmup = 1000, seed = seed, refresh = 0)
  steps <- sapply(get_sampler_params(f, inc_warmup = FALSE), function(x) x[1, "stepsize__"])
  stuck <- stuck + sum(steps < 1e-6)
  cat(sprintf("seed %d: step sizes %s\n", seed, paste(sprintf("%.2g", steps), collapse = " ")))
}
cat(sprintf("stuck: %d of %d chains\n", stuck, 4 * (last - first + 1)))
init <- list(mu = 1.82, phi = -1.02, theta = -1.47, sigma = 0.154)
for (seed in 1:10) {
  f <- sampling(m, data = d, chains = 1, iter = 2000, warmup = 1000, seed = seed, init = list(init), refresh = 0)
  s <- get_sampler_params(f, inc_warmup = FALSE)[[1]]
  e <- extract(f, permuted = FALSE)
  cat(sprintf("from leapfrog's stuck start, seed %d: mean theta %.3f, phi %.3f, step size %.2g, %d divergences\n", seed, mean(e[, 1, "theta"]), mean(e[, 1, "phi"]), s[1, "stepsize__"], sum(s[, "divergent__"])))
}
