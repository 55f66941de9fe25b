//! `ppr-dist`: PowerWalk indexing and batched queries on timely-dataflow, across threads
//! and processes. Run `ppr-dist help` for the usage.

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match ppr_distributed::cli::main(&argv) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ppr-dist: error: {e}");
            ExitCode::from(2)
        }
    }
}
