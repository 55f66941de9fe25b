//! Where the workers run: threads of this process, or processes on several hosts, and the
//! guards that keep a multi-process run from hanging.
//!
//! timely's TCP layer retries a missing peer forever and panics in its network thread when
//! a peer disappears mid-run, which can leave the workers blocked. A multi-process run
//! therefore (1) checks the hostfile before connecting, (2) arms a watchdog that ends the
//! process with exit code [`EXIT_CONNECT`] and a clear message if the connections are not
//! all up within [`Cluster::connect_timeout`], and (3) installs a panic hook for the run's duration
//! that turns timely's "communication error" panic (a peer died or was killed) into exit
//! code [`EXIT_PEER_LOST`] with a clear message. The other processes then see their
//! connections close and exit the same way, so no process hangs. Every run, with one
//! process or several, also arms its [`Deadline`] ([`Cluster::run_timeout`], exit code
//! [`EXIT_DEADLINE`]).

use std::path::Path;
use std::time::Duration;

use crate::error::DistError;

/// Exit code when the peers could not all be reached in time.
pub const EXIT_CONNECT: i32 = 3;
/// Exit code when a peer was lost mid-run.
pub const EXIT_PEER_LOST: i32 = 4;
/// Exit code when the run exceeded its deadline.
pub const EXIT_DEADLINE: i32 = 5;

/// The workers of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// Worker threads per process (timely's `-w`).
    pub workers: usize,
    /// Number of processes (timely's `-n`).
    pub processes: usize,
    /// This process's id, `0..processes` (timely's `-p`).
    pub process: usize,
    /// `host:port` of every process, in process order (the `--hostfile` lines).
    pub addresses: Vec<String>,
    /// How long to wait for every connection before giving up.
    pub connect_timeout: Duration,
    /// A deadline for the whole run (`None`: none).
    pub run_timeout: Option<Duration>,
}

impl Cluster {
    /// `workers` threads in this process only.
    pub fn local(workers: usize) -> Cluster {
        Cluster {
            workers,
            processes: 1,
            process: 0,
            addresses: Vec::new(),
            connect_timeout: Duration::from_secs(30),
            run_timeout: None,
        }
    }

    /// Process `process` of `processes`, each with `workers` threads, at the addresses of
    /// `hostfile` (one `host:port` per line, in process order; blank lines are skipped,
    /// lines beyond `processes` ignored).
    ///
    /// # Errors
    /// [`DistError::Hostfile`] when the file cannot be read, has fewer addresses than
    /// processes, or a line is not `host:port`; [`DistError::Config`] for bad counts.
    pub fn from_hostfile(
        hostfile: &Path,
        processes: usize,
        process: usize,
        workers: usize,
    ) -> Result<Cluster, DistError> {
        let bad = |reason: String| DistError::Hostfile {
            path: hostfile.display().to_string(),
            reason,
        };
        let text = std::fs::read_to_string(hostfile).map_err(|e| bad(e.to_string()))?;
        let lines: Vec<(usize, &str)> = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim()))
            .filter(|(_, l)| !l.is_empty())
            .collect();
        if lines.len() < processes {
            return Err(bad(format!(
                "{} address line(s), but --processes {processes} needs one `host:port` line \
                 per process",
                lines.len()
            )));
        }
        let mut addresses = Vec::new();
        for &(i, l) in lines.iter().take(processes) {
            let port = l.rsplit_once(':').map(|(h, p)| (h, p.parse::<u16>()));
            match port {
                Some((h, Ok(_))) if !h.is_empty() => addresses.push(l.to_string()),
                _ => return Err(bad(format!("line {i} `{l}` is not `host:port`"))),
            }
        }
        let c = Cluster {
            workers,
            processes,
            process,
            addresses,
            ..Cluster::local(workers)
        };
        c.validate()?;
        Ok(c)
    }

    /// Checks the counts.
    ///
    /// # Errors
    /// [`DistError::Config`].
    pub fn validate(&self) -> Result<(), DistError> {
        if self.workers == 0 || self.processes == 0 {
            return Err(DistError::Config(
                "--workers and --processes must be at least 1".into(),
            ));
        }
        if self.process >= self.processes {
            return Err(DistError::Config(format!(
                "--process {} is not below --processes {}",
                self.process, self.processes
            )));
        }
        if self.processes > 1 && self.addresses.len() != self.processes {
            return Err(DistError::Config(format!(
                "{} addresses for {} processes",
                self.addresses.len(),
                self.processes
            )));
        }
        Ok(())
    }

    /// Total workers in all processes.
    pub fn peers(&self) -> usize {
        self.workers * self.processes
    }

    pub(crate) fn config(&self) -> timely::Config {
        use timely::CommunicationConfig as C;
        let communication = if self.processes > 1 {
            C::Cluster {
                threads: self.workers,
                process: self.process,
                addresses: self.addresses.clone(),
                report: false,
                zerocopy: false,
            }
        } else if self.workers > 1 {
            C::Process(self.workers)
        } else {
            C::Thread
        };
        timely::Config {
            communication,
            worker: timely::WorkerConfig::default(),
        }
    }
}

/// Guards of a multi-process run (see the module docs). Dropping it disarms them.
pub(crate) struct Guards {
    done: Option<std::sync::mpsc::Sender<()>>,
    connected: std::sync::mpsc::Sender<()>,
    hook: bool,
}

impl Guards {
    pub(crate) fn arm(cluster: &Cluster) -> Guards {
        let (connected, on_connect) = std::sync::mpsc::channel::<()>();
        let (done, on_done) = std::sync::mpsc::channel::<()>();
        let multi = cluster.processes > 1;
        if multi {
            let limit = cluster.connect_timeout;
            let (me, addresses) = (cluster.process, cluster.addresses.clone());
            std::thread::spawn(move || {
                use std::sync::mpsc::RecvTimeoutError;
                if let Err(RecvTimeoutError::Timeout) = on_connect.recv_timeout(limit) {
                    eprintln!(
                        "ppr-dist: error: process {me} could not connect to all {} processes \
                         within {:.0} s ({}); start every process with the same hostfile, \
                         and check that each address is reachable",
                        addresses.len(),
                        limit.as_secs_f64(),
                        addresses.join(", ")
                    );
                    std::process::exit(EXIT_CONNECT);
                }
                drop(on_done);
            });
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let msg = info
                    .payload()
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                if msg.contains("timely communication error") {
                    eprintln!(
                        "ppr-dist: error: process {me} lost its connection to another process \
                         mid-run ({msg}): that process died or was killed; exiting"
                    );
                } else {
                    previous(info);
                    eprintln!(
                        "ppr-dist: error: process {me}: a thread panicked; exiting so that the \
                         other processes do not wait for it"
                    );
                }
                std::process::exit(EXIT_PEER_LOST);
            }));
        }
        Guards {
            done: Some(done),
            connected,
            hook: multi,
        }
    }

    pub(crate) fn connected(&self) -> std::sync::mpsc::Sender<()> {
        self.connected.clone()
    }
}

/// The run's deadline ([`Cluster::run_timeout`]), armed for every run, one process or
/// several, single-machine baseline included: past it the process exits with
/// [`EXIT_DEADLINE`] and a message (timely gives no way to cancel its workers). Dropping it
/// disarms it.
pub struct Deadline {
    _done: Option<std::sync::mpsc::Sender<()>>,
}

impl Deadline {
    /// Arms a watchdog for `limit` (none when `None`), naming `process` in its message.
    pub fn arm(limit: Option<Duration>, process: usize) -> Deadline {
        let Some(limit) = limit else {
            return Deadline { _done: None };
        };
        let (done, on_done) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = on_done.recv_timeout(limit) {
                eprintln!(
                    "ppr-dist: error: process {process}: the run exceeded its deadline of \
                     {:.3} s (--timeout); exiting",
                    limit.as_secs_f64()
                );
                std::process::exit(EXIT_DEADLINE);
            }
        });
        Deadline { _done: Some(done) }
    }
}

impl Drop for Guards {
    fn drop(&mut self) {
        drop(self.done.take());
        if self.hook {
            drop(std::panic::take_hook());
        }
    }
}
