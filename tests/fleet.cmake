# fleet: scripts/fleet through Ansible (ansible-core): two local names, two
# loopback hosts over a test-owned sshd, and hosts that fail. Label "fleet"
# (each builds the suite once per host: about a minute).
fb_add_test(fleet_cli fleet_cli.sh "fleet;cli" 60)
fb_add_test(fleet_local fleet_local.sh "fleet" 300)
fb_add_test(fleet_failures fleet_failures.sh "fleet" 300)
fb_add_test(fleet_ssh fleet_ssh.sh "fleet" 300)
