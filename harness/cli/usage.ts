export const USAGE = `Usage: ftp-conformance <command> [options]

Commands:
  run        Start the servers, build each scenario's network around them, run the checks,
             write test-results/{report.json,junit.xml,report.md}.
  cleanup    Remove every container and network a harness run left behind (images are kept).
  merge DIR...         Merge the reports of shards (their --report-dir, or report.json files)
             into one, written to --report-dir; exits as the merged run would.

Options for run:
  --target NAME|FILE   a built-in server (vsftpd, proftpd, pyftpdlib) or a profile file (.yaml,
                       .yml, .json); repeatable (default: vsftpd and proftpd)
  --scenario NAME      direct, nat, nat-unadvertised, nat-alg or partial-firewall (repeatable;
                       default: all)
  --only GLOB          run only checks whose ID matches (repeatable, e.g. 'pasv.*')
  --skip GLOB          skip checks whose ID matches (repeatable)
  --strict             SHOULD-level failures fail the run too
  --report-dir DIR     where reports go (default: test-results)
  --concurrency N      topologies probed at once (default: 10)
  --shard I/N          run the I-th of N shares of the target x scenario pairs (for CI runners);
                       merge the shards' reports with 'merge'
  --quiet              print only warnings and the final summary

Other:
  --list               print the checks with their IDs, levels and sources
  --version, --help

Exit codes: 0 every required check passed; 1 a required check failed; 2 bad usage or environment.
Environment: DOCKER_HOST (engine to use), FTP_CONFORMANCE_ENGINE_SETUP=off (never install or start
an engine), FTP_CONFORMANCE_BASE_IMAGE (Debian bookworm base to build on),
FTP_CONFORMANCE_DEBIAN_MIRROR (mirror for the bootstrapped base).`;
