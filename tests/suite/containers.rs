//! The container files are checked as far as possible without a Docker engine: every path the
//! Dockerfile copies exists, every command line in the Dockerfile, docker-compose.yml and the
//! Kubernetes manifests parses with the real CLI, and every CLOUD_OPS_GATEWAY_* variable they set
//! is one the binary reads.

use clap::Parser as _;
use cloud_ops_gateway::config::Cli;

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The JSON-array commands of a file's `CMD [...]`/`command: [...]`/`args: [...]`/`test: [...]` lines.
fn command_arrays(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter_map(|line| {
            let start = line.find('[')?;
            let prefix = line[..start].trim();
            let known = ["CMD", "ENTRYPOINT", "command:", "args:", "test:"]
                .iter()
                .any(|k| prefix.ends_with(k));
            let array: Vec<String> = serde_json::from_str(line[start..].trim()).ok()?;
            known.then_some(array)
        })
        .collect()
}

#[test]
fn dockerfile_copies_only_existing_paths() {
    let dockerfile = read("Dockerfile");
    let mut copied = 0;
    for line in dockerfile
        .lines()
        .filter(|l| l.starts_with("COPY ") && !l.contains("--from="))
    {
        let parts: Vec<&str> = line.split_whitespace().collect();
        for source in &parts[1..parts.len() - 1] {
            assert!(
                std::path::Path::new(source).exists(),
                "Dockerfile copies missing {source}"
            );
            copied += 1;
        }
    }
    assert!(copied >= 5, "the Dockerfile copies the sources");
    assert!(
        dockerfile.contains("USER 65532"),
        "runs as the distroless non-root user"
    );
    assert!(dockerfile.contains("EXPOSE 8080"));
}

#[test]
fn every_container_command_line_parses() {
    let mut lines = Vec::new();
    for file in ["Dockerfile", "docker-compose.yml", "deploy/kubernetes/deployment.yaml"] {
        for mut args in command_arrays(&read(file)) {
            if args.first().is_some_and(|a| a.ends_with("/cloud-ops-gateway")) {
                args.remove(0);
            }
            if args.is_empty() || args.first().is_some_and(|a| a.starts_with('/') || a == "CMD") {
                continue; // the bare ENTRYPOINT, or a command of another program
            }
            lines.push((file, args));
        }
    }
    assert!(lines.len() >= 5, "found the command lines: {lines:?}");
    for (file, args) in lines {
        let argv = std::iter::once("cloud-ops-gateway".to_string()).chain(args.iter().cloned());
        if let Err(e) = Cli::try_parse_from(argv) {
            panic!("{file}: {args:?} does not parse: {e}");
        }
    }
}

#[test]
fn every_environment_variable_set_is_read_by_the_binary() {
    let binary = env!("CARGO_BIN_EXE_cloud-ops-gateway");
    let mut known = String::new();
    for command in ["serve", "emulator", "dev"] {
        let help = std::process::Command::new(binary)
            .args([command, "--help"])
            .output()
            .unwrap();
        known.push_str(&String::from_utf8_lossy(&help.stdout));
    }
    let mut checked = 0;
    for file in ["Dockerfile", "docker-compose.yml", "deploy/kubernetes/deployment.yaml"] {
        let text = read(file);
        for (i, _) in text.match_indices("CLOUD_OPS_GATEWAY_") {
            let name: String = text[i..]
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                .collect();
            assert!(
                known.contains(&format!("[env: {name}=")),
                "{file} sets {name}, which no command reads"
            );
            checked += 1;
        }
    }
    assert!(checked >= 8, "checked {checked} variables");
}
