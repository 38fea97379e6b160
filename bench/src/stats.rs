//! Percentiles of a sample, in milliseconds.

pub fn percentile(samples: &[f64], p: f64) -> f64 {
    if samples.is_empty() {
        return f64::NAN;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

pub fn summary(label: &str, samples: &[f64]) -> String {
    format!(
        "{label:<34} n={:<3} p50 {:>7.1} ms   p95 {:>7.1} ms   max {:>7.1} ms",
        samples.len(),
        percentile(samples, 50.0),
        percentile(samples, 95.0),
        percentile(samples, 100.0)
    )
}

/// As [`summary`], with two decimals: for stages that take a fraction of a millisecond.
pub fn fine_summary(label: &str, samples: &[f64]) -> String {
    format!(
        "{label:<34} n={:<3} p50 {:>7.2} ms   p95 {:>7.2} ms   max {:>7.2} ms",
        samples.len(),
        percentile(samples, 50.0),
        percentile(samples, 95.0),
        percentile(samples, 100.0)
    )
}
