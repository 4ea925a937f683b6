//! A request-counting proxy with added latency in front of each emulator, for
//! `scripts/bench-vs-prowler`: both tools are pointed at it, so both are counted the same way.
//!
//! `cargo run --example counting-proxy -- --latency-ms 25 UPSTREAM...` prints one line with the
//! proxies' URLs, in the order of the upstreams, separated by spaces; then, each time a line
//! arrives on stdin, the number of requests the proxies have seen so far (all of them together).
//! It exits when stdin closes.

#[path = "../tests/support/fault_proxy.rs"]
#[allow(dead_code)] // only the latency and the request count are used
mod fault_proxy;

use std::io::BufRead;
use std::time::Duration;

use fault_proxy::{FaultPlan, FaultProxy};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1).peekable();
    let mut latency = Duration::ZERO;
    let mut upstreams = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "--latency-ms" {
            let ms: u64 = args
                .next()
                .ok_or_else(|| anyhow::anyhow!("--latency-ms needs a value"))?
                .parse()?;
            latency = Duration::from_millis(ms);
        } else {
            upstreams.push(arg);
        }
    }
    anyhow::ensure!(!upstreams.is_empty(), "give at least one upstream URL");
    let plan = FaultPlan {
        latency,
        ..FaultPlan::default()
    };
    let proxies: Vec<FaultProxy> = upstreams
        .iter()
        .map(|u| FaultProxy::start(u, plan))
        .collect();
    let urls: Vec<String> = proxies.iter().map(FaultProxy::url).collect();
    println!("{}", urls.join(" "));
    for line in std::io::stdin().lock().lines() {
        line?;
        let requests: u64 = proxies.iter().map(|p| p.stats().requests).sum();
        println!("{requests}");
    }
    Ok(())
}
