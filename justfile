# Every recipe is one cargo command; nothing here is needed to use the project.

# Lists the recipes
default:
    just --list

# Runs the quick suite and regenerates reports/
bench *args:
    cargo suite {{args}}

# Unit, property and definition tests (the CI test command)
test:
    cargo test --workspace

# Every definition once at tiny size, answers checked
check *filter:
    cargo suite check {{filter}}

# Downloads the real datasets (Debian packages, SHA-256 verified)
fetch:
    cargo suite fetch

# Rebuilds reports/ from reports/raw/ without measuring
report:
    cargo suite report

# Criterion benches, one per family (compare commits: `just criterion hamming --save-baseline main`, then `--baseline main`)
criterion bench='hamming' *args:
    cargo bench --package algobench-suite --bench {{bench}} -- {{args}}

# Installs iai-callgrind-runner at exactly the library's version (needs valgrind)
iai-install:
    cargo install iai-callgrind-runner --locked --version "$(cargo metadata --format-version 1 | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "iai-callgrind"))')"

# Instruction counts under callgrind, compared with a saved baseline
iai baseline='main':
    cargo bench --package algobench-suite --bench iai -- --save-baseline={{baseline}}

# Lints and format check, as CI runs them
lint:
    cargo clippy --workspace --all-targets -- -D warnings

fmt:
    cargo fmt --all

# PowerWalk on timely: N local processes on loopback ports 2101.., e.g. `just ppr-dist-local 2 index --graph g.txt --walks 16` (process i>0 logs to target/ppr-dist-i.log)
ppr-dist-local n='2' *args:
    #!/usr/bin/env bash
    set -euo pipefail
    cargo build --quiet --profile test -p algobench-ppr-distributed --bin ppr-dist
    hosts=target/ppr-dist-hosts.txt
    for i in $(seq 0 $(({{n}} - 1))); do echo "127.0.0.1:$((2101 + i))"; done > "$hosts"
    for i in $(seq 1 $(({{n}} - 1))); do target/debug/ppr-dist {{args}} -n {{n}} -p "$i" --hostfile "$hosts" > "target/ppr-dist-$i.log" 2>&1 & done
    target/debug/ppr-dist {{args}} -n {{n}} -p 0 --hostfile "$hosts"
    wait
