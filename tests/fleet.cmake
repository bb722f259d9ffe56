# fleet: scripts/fleet through Ansible (ansible-core): one end-to-end run over
# a test-owned sshd on two loopback hosts sharing one build (fb_build_cache),
# and hosts that fail (local and closed-port hosts, from the same cached
# build). Label "fleet". The cache is keyed by the source tree: the suite
# builds a tree for the fleet once.
fb_add_test(fleet_cli fleet_cli.sh "fleet;cli" 60)
fb_add_test(fleet_ssh fleet_ssh.sh "fleet" 300)
fb_add_test(fleet_failures fleet_failures.sh "fleet" 300)
