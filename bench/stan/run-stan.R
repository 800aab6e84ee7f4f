# Stan's side of bench/sections/stan.ts: compiles one bench model, samples it in the bench's
# configuration (4 chains one after another, 1000 warm-up + 1000 draws, NUTS defaults) and
# prints one JSON object: compile and sampling seconds (Stan's own elapsed times), gradient
# evaluations (sum of n_leapfrog__), the smallest bulk ESS and largest R-hat over the
# parameters (posterior package: Vehtari et al. 2021), divergences.
# usage: Rscript run-stan.R <program.stan> <data.json> <seed>
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages({ library(rstan); library(posterior); library(jsonlite) })
rstan_options(auto_write = FALSE)
data <- fromJSON(args[2], simplifyVector = TRUE)
started <- Sys.time()
# Debian's r-cran-bh keeps Boost's headers in the system include folder, not in the package,
# where rstan looks by default: point it there (stan_model's boost_lib argument).
bh <- system.file("include", package = "BH")
boost <- if (nzchar(bh) && dir.exists(file.path(bh, "boost"))) NULL else "/usr/include"
model <- stan_model(args[1], boost_lib = boost)
compile_seconds <- as.numeric(difftime(Sys.time(), started, units = "secs"))
fit <- sampling(model, data = data, chains = 4, iter = 2000, warmup = 1000, cores = 1,
                seed = as.integer(args[3]), refresh = 0)
elapsed <- get_elapsed_time(fit)
sampler <- get_sampler_params(fit, inc_warmup = TRUE)
draws <- as_draws_array(as.array(fit))
draws <- subset_draws(draws, variable = setdiff(variables(draws), "lp__"))
summary <- summarise_draws(draws, ess_bulk, rhat)
cat(toJSON(list(
  stanVersion = as.character(packageVersion("rstan")),
  compileSeconds = compile_seconds,
  samplingSeconds = sum(elapsed),
  gradients = sum(sapply(sampler, function(s) sum(s[, "n_leapfrog__"]))),
  minEssBulk = min(summary$ess_bulk, na.rm = TRUE),
  maxRhat = max(summary$rhat, na.rm = TRUE),
  divergences = sum(sapply(sampler, function(s) sum(s[1001:2000, "divergent__"])))
), auto_unbox = TRUE, digits = NA), "\n")
