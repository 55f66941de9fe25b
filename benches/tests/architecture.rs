//! Architecture: every algorithm crate stands alone. No crate under `algorithms/` depends on
//! another workspace crate (the datasets crate included: an algorithm takes arrays, and the
//! suite loads the data), in any dependency table, with one exception: `ppr-distributed`
//! builds on `ppr`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The one allowed edge between workspace crates under `algorithms/`: (crate, dependency).
const ALLOWED: &[(&str, &str)] = &[("algobench-ppr-distributed", "algobench-ppr")];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("benches/ has a parent")
        .to_path_buf()
}

fn read_manifest(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn package_name(manifest: &toml::Table) -> Option<String> {
    manifest
        .get("package")?
        .get("name")?
        .as_str()
        .map(str::to_string)
}

/// The package names of the workspace's members.
fn workspace_crates(root: &Path) -> BTreeSet<String> {
    let top = read_manifest(&root.join("Cargo.toml"));
    let members = top["workspace"]["members"]
        .as_array()
        .expect("workspace.members is a list");
    members
        .iter()
        .filter_map(|m| m.as_str())
        .filter_map(|m| package_name(&read_manifest(&root.join(m).join("Cargo.toml"))))
        .collect()
}

/// Every dependency table of a manifest: `[dependencies]`, `[dev-dependencies]`,
/// `[build-dependencies]`, and the same under each `[target.'…']`.
fn dependency_tables(manifest: &toml::Table) -> Vec<(String, &toml::Table)> {
    const KINDS: [&str; 3] = ["dependencies", "dev-dependencies", "build-dependencies"];
    let mut out = Vec::new();
    for kind in KINDS {
        if let Some(t) = manifest.get(kind).and_then(|v| v.as_table()) {
            out.push((kind.to_string(), t));
        }
    }
    if let Some(targets) = manifest.get("target").and_then(|v| v.as_table()) {
        for (cfg, t) in targets {
            for kind in KINDS {
                if let Some(d) = t.get(kind).and_then(|v| v.as_table()) {
                    out.push((format!("target.{cfg}.{kind}"), d));
                }
            }
        }
    }
    out
}

/// The forbidden workspace dependencies of one algorithm crate's manifest, one line each.
fn violations(manifest: &toml::Table, workspace: &BTreeSet<String>) -> Vec<String> {
    let me = package_name(manifest).unwrap_or_else(|| "(unnamed)".into());
    let mut out = Vec::new();
    for (table, deps) in dependency_tables(manifest) {
        for (key, spec) in deps {
            // A renamed dependency names its package with `package = "…"`.
            let package = spec.get("package").and_then(|p| p.as_str()).unwrap_or(key);
            let is_workspace_crate = workspace.contains(package) || spec.get("path").is_some();
            if is_workspace_crate && !ALLOWED.contains(&(me.as_str(), package)) {
                out.push(format!("{me} depends on {package} in [{table}]"));
            }
        }
    }
    out
}

#[test]
fn no_algorithm_crate_depends_on_another_workspace_crate() {
    let root = workspace_root();
    let workspace = workspace_crates(&root);
    assert!(
        workspace.contains("algobench-datasets"),
        "the workspace's crates were not read: {workspace:?}"
    );
    let mut checked = 0;
    let mut found = Vec::new();
    for entry in std::fs::read_dir(root.join("algorithms")).expect("algorithms/ exists") {
        let manifest = entry.expect("readable").path().join("Cargo.toml");
        if !manifest.exists() {
            continue;
        }
        checked += 1;
        found.extend(violations(&read_manifest(&manifest), &workspace));
    }
    assert!(checked >= 6, "only {checked} algorithm crates found");
    assert!(
        found.is_empty(),
        "algorithm crates must stand alone:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_catches_a_dependency_on_the_datasets_crate_or_a_sibling() {
    let workspace: BTreeSet<String> = ["algobench-datasets", "algobench-ppr", "algobench-rps"]
        .into_iter()
        .map(String::from)
        .collect();
    let bad: toml::Table = r#"
        [package]
        name = "algobench-rps"
        [dependencies]
        algobench-datasets.workspace = true
        [dev-dependencies]
        ppr = { package = "algobench-ppr", path = "../ppr" }
        [target.'cfg(unix)'.build-dependencies]
        local = { path = "../local" }
    "#
    .parse()
    .unwrap();
    let v = violations(&bad, &workspace);
    assert_eq!(v.len(), 3, "{v:?}");
    assert!(v[0].contains("algobench-datasets"), "{v:?}");
    let allowed: toml::Table = r#"
        [package]
        name = "algobench-ppr-distributed"
        [dependencies]
        algobench-ppr.workspace = true
        serde = "1"
    "#
    .parse()
    .unwrap();
    assert!(violations(&allowed, &workspace).is_empty());
}
