# Reads leapfrog's Stan CSV output with R, as a CmdStan user would, and checks that the
# R package posterior (Vehtari et al. 2021's reference implementation) computes the same
# bulk-ESS, tail-ESS and R-hat as leapfrog wrote into summary.csv.
#
# usage: Rscript test/r/read-cmdstan-csv.R <output directory of `leapfrog sample`>
#
# cmdstanr (whose read_cmdstan_csv would be the most direct reader) is not packaged for
# Debian; the files are read with base R's read.csv, skipping the '#' comment lines, as
# cmdstanr itself does with data.table::fread, and turned into a posterior draws_array.

suppressPackageStartupMessages(library(posterior))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript test/r/read-cmdstan-csv.R <output directory>")
directory <- args[[1]]

files <- list.files(directory, pattern = "^chain_[0-9]+\\.csv$", full.names = TRUE)
files <- files[order(as.integer(sub("^chain_([0-9]+)\\.csv$", "\\1", basename(files))))]
if (length(files) == 0) stop("no chain_N.csv files in ", directory)

chains <- lapply(files, function(file) utils::read.csv(file, comment.char = "#", check.names = FALSE))
columns <- names(chains[[1]])
sampler_columns <- c("accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__")
for (chain in chains) {
  if (!identical(names(chain), columns)) stop("the chains' CSV files have different columns")
  if (!identical(columns[1:7], c("lp__", sampler_columns))) stop("the first columns are not CmdStan's sampler columns")
}
cat(sprintf("read %d chains of %d draws, %d columns\n", length(chains), nrow(chains[[1]]), length(columns)))

# iterations x chains x variables, as posterior's draws_array is laid out.
quantities <- setdiff(columns, sampler_columns)
values <- array(NA_real_, dim = c(nrow(chains[[1]]), length(chains), length(quantities)))
for (k in seq_along(chains)) values[, k, ] <- as.matrix(chains[[k]][, quantities])
# Stan's CSV names (theta.1, L.2.1) back to the bracket names of summaries (theta[1], L[2,1]).
bracket_name <- function(name) {
  parts <- strsplit(name, ".", fixed = TRUE)[[1]]
  first <- length(parts) + 1
  while (first > 2 && grepl("^[0-9]+$", parts[first - 1])) first <- first - 1
  if (first > length(parts)) return(name)
  paste0(paste(parts[seq_len(first - 1)], collapse = "."), "[", paste(parts[first:length(parts)], collapse = ","), "]")
}
dimnames(values) <- list(iteration = NULL, chain = NULL, variable = vapply(quantities, bracket_name, ""))
draws <- as_draws_array(values)

ours <- utils::read.csv(file.path(directory, "summary.csv"), check.names = FALSE)
theirs <- summarise_draws(draws, ess_bulk, ess_tail, rhat)

relative_difference <- function(a, b) ifelse(is.finite(a) & is.finite(b), abs(a - b) / pmax(abs(b), 1e-12), ifelse(is.na(a) == is.na(b), 0, Inf))
# posterior 1.4.0 and leapfrog implement the same formulas; only round-off should differ.
tolerance <- 1e-6
failures <- 0
for (i in seq_len(nrow(theirs))) {
  name <- theirs$variable[i]
  row <- ours[ours$name == name, ]
  if (nrow(row) != 1) {
    cat(sprintf("FAIL %s: not in summary.csv\n", name))
    failures <- failures + 1
    next
  }
  differences <- c(
    ess_bulk = relative_difference(row$ESS_bulk, theirs$ess_bulk[i]),
    ess_tail = relative_difference(row$ESS_tail, theirs$ess_tail[i]),
    rhat = relative_difference(row$R_hat, theirs$rhat[i])
  )
  status <- if (all(differences <= tolerance)) "ok  " else "FAIL"
  if (status == "FAIL") failures <- failures + 1
  cat(sprintf("%s %-14s ess_bulk %9.2f (posterior %9.2f)  ess_tail %9.2f (%9.2f)  rhat %.5f (%.5f)\n",
              status, name, row$ESS_bulk, theirs$ess_bulk[i], row$ESS_tail, theirs$ess_tail[i], row$R_hat, theirs$rhat[i]))
}
if (failures > 0) {
  cat(sprintf("%d of %d quantities differ from posterior by more than a relative %g\n", failures, nrow(theirs), tolerance))
  quit(status = 1)
}
cat(sprintf("all %d quantities agree with posterior %s (relative tolerance %g)\n", nrow(theirs), as.character(packageVersion("posterior")), tolerance))
