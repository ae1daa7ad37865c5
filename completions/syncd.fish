# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_syncd_global_optspecs
    string join \n config= db= output= v/verbose q/quiet log-format= h/help V/version
end

function __fish_syncd_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_syncd_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_syncd_using_subcommand
    set -l cmd (__fish_syncd_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c syncd -n "__fish_syncd_needs_command" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_needs_command" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_needs_command" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_needs_command" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_needs_command" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_needs_command" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_needs_command" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_needs_command" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "init" -d 'Create the config file, data directory, store and age identity'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "config" -d 'Validate or print the resolved configuration'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "connector" -d 'Manage Zammad and Kimai connections'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "mapping" -d 'Map Zammad activity types, organizations, tickets and agents to Kimai'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "sync" -d 'Fetch, reconcile and apply Zammad time accounting to Kimai'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "apply" -d 'Apply a plan file written by `sync --plan-out`: exactly that plan, or nothing'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "plan" -d 'Plan files written by `sync --plan-out`'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "check" -d 'Compare Zammad and Kimai without writing: exit 0 in sync, 3 drift or open conflicts, 75 could not check'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "runs" -d 'Past sync runs'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "conflicts" -d 'Inspect and resolve sync conflicts'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "serve" -d 'Run the daemon: webhooks, schedules, health and metrics'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "schedule" -d 'Cron schedules for the daemon'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "webhook" -d 'Webhook signature secrets'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "doctor" -d 'Everything that is wrong with this set-up, and what to do about it'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "audit" -d 'The audit log'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "demo" -d 'Start built-in Zammad and Kimai simulators and run a real sync end to end'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "generate" -d 'Write shell completions or the man page'
complete -c syncd -n "__fish_syncd_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand init" -l data-dir -d 'Write this `data_dir` into a new config file (e.g. /var/lib/syncd for systemd)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand init" -l identity-file -d 'Write this `identity_file` into a new config file (e.g. /etc/syncd/identity.txt, loaded by the unit as a credential)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand init" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand init" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand init" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand init" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand init" -l non-interactive -d 'Never prompt; take defaults'
complete -c syncd -n "__fish_syncd_using_subcommand init" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand init" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand init" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand init" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand config; and not __fish_seen_subcommand_from check show help" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand config; and not __fish_seen_subcommand_from check show help" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand config; and not __fish_seen_subcommand_from check show help" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand config; and not __fish_seen_subcommand_from check show help" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand config; and not __fish_seen_subcommand_from check show help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand config; and not __fish_seen_subcommand_from check show help" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand config; and not __fish_seen_subcommand_from check show help" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand config; and not __fish_seen_subcommand_from check show help" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand config; and not __fish_seen_subcommand_from check show help" -f -a "check" -d 'Validate the config file and environment'
complete -c syncd -n "__fish_syncd_using_subcommand config; and not __fish_seen_subcommand_from check show help" -f -a "show" -d 'Print the resolved configuration (secrets masked)'
complete -c syncd -n "__fish_syncd_using_subcommand config; and not __fish_seen_subcommand_from check show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from check" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from check" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from check" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from check" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from show" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from show" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from show" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate the config file and environment'
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the resolved configuration (secrets masked)'
complete -c syncd -n "__fish_syncd_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and not __fish_seen_subcommand_from add list show edit remove test help" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and not __fish_seen_subcommand_from add list show edit remove test help" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and not __fish_seen_subcommand_from add list show edit remove test help" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand connector; and not __fish_seen_subcommand_from add list show edit remove test help" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand connector; and not __fish_seen_subcommand_from add list show edit remove test help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and not __fish_seen_subcommand_from add list show edit remove test help" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and not __fish_seen_subcommand_from add list show edit remove test help" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and not __fish_seen_subcommand_from add list show edit remove test help" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and not __fish_seen_subcommand_from add list show edit remove test help" -f -a "add" -d 'Add a connector (token by hidden prompt, --token-file or --token-stdin)'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and not __fish_seen_subcommand_from add list show edit remove test help" -f -a "list" -d 'List connectors'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and not __fish_seen_subcommand_from add list show edit remove test help" -f -a "show" -d 'Show one connector'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and not __fish_seen_subcommand_from add list show edit remove test help" -f -a "edit" -d 'Change a connector'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and not __fish_seen_subcommand_from add list show edit remove test help" -f -a "remove" -d 'Remove a connector (refused while mappings or synced entries refer to it)'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and not __fish_seen_subcommand_from add list show edit remove test help" -f -a "test" -d 'Call the real endpoints and report version, timezone and permissions'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and not __fish_seen_subcommand_from add list show edit remove test help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from add" -l name -r
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from add" -l url -d 'Base URL, e.g. https://helpdesk.example.com' -r
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from add" -l token-file -d 'Read the API token from this file (first line)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from add" -l time-unit -d 'Zammad only: what one `time_unit` means: minute, hour, quarter or <N>m' -r
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from add" -l timeout -d 'Request timeout in seconds' -r
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from add" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from add" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from add" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from add" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from add" -l token-stdin -d 'Read the API token from standard input (first line)'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from add" -l no-check -d 'Save without calling the server (offline set-up); `syncd connector test` checks later'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from list" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from list" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from list" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from list" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from show" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from show" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from show" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from show" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -l rename -d 'New name' -r
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -l url -r
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -l token-file -d 'Read the API token from this file (first line)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -l time-unit -d 'What one Zammad `time_unit` means: minute, hour, quarter or <N>m (checked against Zammad\'s newest entries)' -r
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -l timeout -r
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -l token-stdin -d 'Read the API token from standard input (first line)'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -l token-prompt -d 'Replace the token by hidden prompt'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -l force -d 'With --time-unit: change the unit even when Zammad\'s entries look like another one'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from remove" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from remove" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from remove" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from remove" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from remove" -l force -d 'Also remove its mappings and ledger entries'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from test" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from test" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from test" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from test" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from test" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from test" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a connector (token by hidden prompt, --token-file or --token-stdin)'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "list" -d 'List connectors'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one connector'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change a connector'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a connector (refused while mappings or synced entries refer to it)'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "test" -d 'Call the real endpoints and report version, timezone and permissions'
complete -c syncd -n "__fish_syncd_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and not __fish_seen_subcommand_from list add remove suggest import export help" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and not __fish_seen_subcommand_from list add remove suggest import export help" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and not __fish_seen_subcommand_from list add remove suggest import export help" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and not __fish_seen_subcommand_from list add remove suggest import export help" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and not __fish_seen_subcommand_from list add remove suggest import export help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and not __fish_seen_subcommand_from list add remove suggest import export help" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and not __fish_seen_subcommand_from list add remove suggest import export help" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and not __fish_seen_subcommand_from list add remove suggest import export help" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and not __fish_seen_subcommand_from list add remove suggest import export help" -f -a "list" -d 'List mappings'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and not __fish_seen_subcommand_from list add remove suggest import export help" -f -a "add" -d 'Map a Zammad id or name to a Kimai id or name'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and not __fish_seen_subcommand_from list add remove suggest import export help" -f -a "remove" -d 'Remove a mapping'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and not __fish_seen_subcommand_from list add remove suggest import export help" -f -a "suggest" -d 'Propose activity and user mappings by name and email'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and not __fish_seen_subcommand_from list add remove suggest import export help" -f -a "import" -d 'Add mappings from a YAML or JSON file written by `mapping export`'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and not __fish_seen_subcommand_from list add remove suggest import export help" -f -a "export" -d 'Print all mappings (YAML, or JSON with --output json)'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and not __fish_seen_subcommand_from list add remove suggest import export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from list" -l kind -r -f -a "activity\t''
customer\t''
project\t''
user\t''"
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from list" -l zammad -d 'Zammad connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from list" -l kimai -d 'Kimai connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from list" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from list" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from list" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from list" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from add" -l source -d 'Zammad side: type, organization, ticket or agent (id, name, number or email)' -r
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from add" -l target -d 'Kimai side: activity, customer, project or user (id or name)' -r
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from add" -l zammad -d 'Zammad connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from add" -l kimai -d 'Kimai connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from add" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from add" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from add" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from add" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from remove" -l source -r
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from remove" -l zammad -d 'Zammad connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from remove" -l kimai -d 'Kimai connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from remove" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from remove" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from remove" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from remove" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from suggest" -l zammad -d 'Zammad connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from suggest" -l kimai -d 'Kimai connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from suggest" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from suggest" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from suggest" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from suggest" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from suggest" -l yes -d 'Write the proposals without asking'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from suggest" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from suggest" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from suggest" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from suggest" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from import" -l zammad -d 'Zammad connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from import" -l kimai -d 'Kimai connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from import" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from import" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from import" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from import" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from import" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from export" -l zammad -d 'Zammad connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from export" -l kimai -d 'Kimai connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from export" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from export" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from export" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from export" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from export" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from help" -f -a "list" -d 'List mappings'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from help" -f -a "add" -d 'Map a Zammad id or name to a Kimai id or name'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a mapping'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from help" -f -a "suggest" -d 'Propose activity and user mappings by name and email'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from help" -f -a "import" -d 'Add mappings from a YAML or JSON file written by `mapping export`'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print all mappings (YAML, or JSON with --output json)'
complete -c syncd -n "__fish_syncd_using_subcommand mapping; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand sync" -l since -d 'Only entries created at or after this time (RFC 3339, or YYYY-MM-DD meaning midnight UTC)' -r
complete -c syncd -n "__fish_syncd_using_subcommand sync" -l until -d 'Only entries created before this time (RFC 3339, or YYYY-MM-DD meaning midnight UTC)' -r
complete -c syncd -n "__fish_syncd_using_subcommand sync" -l ticket -d 'Only this ticket (number or #number)' -r
complete -c syncd -n "__fish_syncd_using_subcommand sync" -l plan-out -d 'Write the plan to FILE (JSON, with the fingerprints of what it was computed from) and change nothing; apply it later with `syncd apply FILE`' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand sync" -l zammad -d 'Zammad connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand sync" -l kimai -d 'Kimai connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand sync" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand sync" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand sync" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand sync" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand sync" -l dry-run -d 'Print the plan; change nothing'
complete -c syncd -n "__fish_syncd_using_subcommand sync" -l full -d 'Compare every entry (finds deletions) instead of the incremental cursor'
complete -c syncd -n "__fish_syncd_using_subcommand sync" -l yes -d 'Do not ask before deleting Kimai timesheets (asked only on a terminal)'
complete -c syncd -n "__fish_syncd_using_subcommand sync" -l force -d 'Override the safety guards (empty source, large change share, a time unit the entries contradict)'
complete -c syncd -n "__fish_syncd_using_subcommand sync" -l wait -d 'Wait for a running sync to finish instead of exiting 75'
complete -c syncd -n "__fish_syncd_using_subcommand sync" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand sync" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand sync" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand sync" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand apply" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand apply" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand apply" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand apply" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand apply" -l wait -d 'Wait for a running sync to finish instead of exiting 75'
complete -c syncd -n "__fish_syncd_using_subcommand apply" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand apply" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand apply" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand apply" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand plan; and not __fish_seen_subcommand_from show help" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand plan; and not __fish_seen_subcommand_from show help" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand plan; and not __fish_seen_subcommand_from show help" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand plan; and not __fish_seen_subcommand_from show help" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand plan; and not __fish_seen_subcommand_from show help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand plan; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand plan; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand plan; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand plan; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print a plan file as `sync --dry-run` prints a plan (exit code as the dry run\'s)'
complete -c syncd -n "__fish_syncd_using_subcommand plan; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand plan; and __fish_seen_subcommand_from show" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand plan; and __fish_seen_subcommand_from show" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand plan; and __fish_seen_subcommand_from show" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand plan; and __fish_seen_subcommand_from show" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand plan; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand plan; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand plan; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand plan; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand plan; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print a plan file as `sync --dry-run` prints a plan (exit code as the dry run\'s)'
complete -c syncd -n "__fish_syncd_using_subcommand plan; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand check" -l since -d 'Only entries created at or after this time (the grammar of `sync --since`)' -r
complete -c syncd -n "__fish_syncd_using_subcommand check" -l until -d 'Only entries created before this time' -r
complete -c syncd -n "__fish_syncd_using_subcommand check" -l zammad -d 'Zammad connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand check" -l kimai -d 'Kimai connector name' -r
complete -c syncd -n "__fish_syncd_using_subcommand check" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand check" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand check" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand check" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand check" -l full -d 'Compare every entry (finds deletions in Zammad)'
complete -c syncd -n "__fish_syncd_using_subcommand check" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand check" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand check" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand check" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and not __fish_seen_subcommand_from list show undo help" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand runs; and not __fish_seen_subcommand_from list show undo help" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand runs; and not __fish_seen_subcommand_from list show undo help" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand runs; and not __fish_seen_subcommand_from list show undo help" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand runs; and not __fish_seen_subcommand_from list show undo help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and not __fish_seen_subcommand_from list show undo help" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and not __fish_seen_subcommand_from list show undo help" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and not __fish_seen_subcommand_from list show undo help" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and not __fish_seen_subcommand_from list show undo help" -f -a "list" -d 'Recent runs, newest first'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and not __fish_seen_subcommand_from list show undo help" -f -a "show" -d 'One run in detail'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and not __fish_seen_subcommand_from list show undo help" -f -a "undo" -d 'Take a run back: delete the timesheets it created, restore those it updated, recreate those it deleted, where Kimai still holds what it wrote'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and not __fish_seen_subcommand_from list show undo help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from list" -l limit -r
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from list" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from list" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from list" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from list" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from show" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from show" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from show" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from show" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from undo" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from undo" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from undo" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from undo" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from undo" -l dry-run -d 'Say what would be undone; write nothing, record no conflict'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from undo" -l resync -d 'Let the next sync book the undone entries again (exactly once)'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from undo" -l wait -d 'Wait for a running sync to finish instead of exiting 75'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from undo" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from undo" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from undo" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from undo" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from help" -f -a "list" -d 'Recent runs, newest first'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from help" -f -a "show" -d 'One run in detail'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from help" -f -a "undo" -d 'Take a run back: delete the timesheets it created, restore those it updated, recreate those it deleted, where Kimai still holds what it wrote'
complete -c syncd -n "__fish_syncd_using_subcommand runs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and not __fish_seen_subcommand_from list show resolve ignore reopen help" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and not __fish_seen_subcommand_from list show resolve ignore reopen help" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and not __fish_seen_subcommand_from list show resolve ignore reopen help" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and not __fish_seen_subcommand_from list show resolve ignore reopen help" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and not __fish_seen_subcommand_from list show resolve ignore reopen help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and not __fish_seen_subcommand_from list show resolve ignore reopen help" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and not __fish_seen_subcommand_from list show resolve ignore reopen help" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and not __fish_seen_subcommand_from list show resolve ignore reopen help" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and not __fish_seen_subcommand_from list show resolve ignore reopen help" -f -a "list" -d 'List conflicts (default: open)'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and not __fish_seen_subcommand_from list show resolve ignore reopen help" -f -a "show" -d 'Both sides side by side'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and not __fish_seen_subcommand_from list show resolve ignore reopen help" -f -a "resolve" -d 'Resolve interactively, or in bulk with --action'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and not __fish_seen_subcommand_from list show resolve ignore reopen help" -f -a "ignore" -d 'Ignore a conflict for good'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and not __fish_seen_subcommand_from list show resolve ignore reopen help" -f -a "reopen" -d 'Reopen a resolved or ignored conflict'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and not __fish_seen_subcommand_from list show resolve ignore reopen help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from list" -l status -r -f -a "open\t''
resolved\t''
ignored\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from list" -l reason -d 'Reason code, e.g. target-edited' -r -f -a "unmapped-activity\t''
unmapped-user\t''
target-edited\t''
both-changed\t''
duplicate-marker\t''
target-deleted\t''
source-deleted\t''
locked-period\t''
target-rejected\t''
negative-correction\t''
unknown-timezone\t''
source-unreadable\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from list" -l ticket -d 'Ticket number' -r
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from list" -l customer -d 'Customer (organization) name' -r
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from list" -l since -r
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from list" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from list" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from list" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from list" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from show" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from show" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from show" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from show" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l action -d 'What to do (which actions fit depends on the reason; see `conflicts show`)' -r -f -a "take-zammad\t''
keep-kimai\t''
recreate\t''
delete-kimai\t''
map\t''
net\t''
ignore\t''
skip\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l reason -d 'Only conflicts with this reason code' -r -f -a "unmapped-activity\t''
unmapped-user\t''
target-edited\t''
both-changed\t''
duplicate-marker\t''
target-deleted\t''
source-deleted\t''
locked-period\t''
target-rejected\t''
negative-correction\t''
unknown-timezone\t''
source-unreadable\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l activity -d 'For --action map: the Kimai activity id' -r
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l user -d 'For --action map: the Kimai user id' -r
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l all -d 'Every open conflict (filtered by --reason)'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from ignore" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from ignore" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from ignore" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from ignore" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from ignore" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from ignore" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from ignore" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from ignore" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from reopen" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from reopen" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from reopen" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from reopen" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from reopen" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from reopen" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from reopen" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from reopen" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from help" -f -a "list" -d 'List conflicts (default: open)'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from help" -f -a "show" -d 'Both sides side by side'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from help" -f -a "resolve" -d 'Resolve interactively, or in bulk with --action'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from help" -f -a "ignore" -d 'Ignore a conflict for good'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from help" -f -a "reopen" -d 'Reopen a resolved or ignored conflict'
complete -c syncd -n "__fish_syncd_using_subcommand conflicts; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand serve" -l listen -d 'Listen address (default: daemon.listen, 127.0.0.1:8787)' -r
complete -c syncd -n "__fish_syncd_using_subcommand serve" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand serve" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand serve" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand serve" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand serve" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand serve" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand serve" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand serve" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and not __fish_seen_subcommand_from show set enable disable remove help" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and not __fish_seen_subcommand_from show set enable disable remove help" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and not __fish_seen_subcommand_from show set enable disable remove help" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and not __fish_seen_subcommand_from show set enable disable remove help" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and not __fish_seen_subcommand_from show set enable disable remove help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and not __fish_seen_subcommand_from show set enable disable remove help" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and not __fish_seen_subcommand_from show set enable disable remove help" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and not __fish_seen_subcommand_from show set enable disable remove help" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and not __fish_seen_subcommand_from show set enable disable remove help" -f -a "show" -d 'Schedules with their next three runs'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and not __fish_seen_subcommand_from show set enable disable remove help" -f -a "set" -d 'Create or change a schedule (default name: default)'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and not __fish_seen_subcommand_from show set enable disable remove help" -f -a "enable" -d 'Enable a schedule (default name: default)'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and not __fish_seen_subcommand_from show set enable disable remove help" -f -a "disable" -d 'Disable a schedule (default name: default)'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and not __fish_seen_subcommand_from show set enable disable remove help" -f -a "remove" -d 'Remove a schedule'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and not __fish_seen_subcommand_from show set enable disable remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from show" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from show" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from show" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from show" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from set" -l cron -d 'Cron expression, 5 or 6 fields (seconds first)' -r
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from set" -l timezone -d 'IANA timezone the expression is evaluated in (default UTC)' -r
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from set" -l concurrency -r -f -a "skip\t''
queue\t''"
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from set" -l scope -r -f -a "incremental\t''
full\t''"
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from set" -l kind -d 'What the schedule runs: a sync, or a drift check for monitoring' -r -f -a "sync\t'Sync (the default)'
check\t'A drift check, as `syncd check` (sets the syncd_drifted_entries gauge)'"
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from set" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from set" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from set" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from set" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from enable" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from enable" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from enable" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from enable" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from enable" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from enable" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from disable" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from disable" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from disable" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from disable" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from disable" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from disable" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from remove" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from remove" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from remove" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from remove" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "show" -d 'Schedules with their next three runs'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "set" -d 'Create or change a schedule (default name: default)'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Enable a schedule (default name: default)'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Disable a schedule (default name: default)'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a schedule'
complete -c syncd -n "__fish_syncd_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and not __fish_seen_subcommand_from secret credential install help" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and not __fish_seen_subcommand_from secret credential install help" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and not __fish_seen_subcommand_from secret credential install help" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and not __fish_seen_subcommand_from secret credential install help" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and not __fish_seen_subcommand_from secret credential install help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and not __fish_seen_subcommand_from secret credential install help" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and not __fish_seen_subcommand_from secret credential install help" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and not __fish_seen_subcommand_from secret credential install help" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and not __fish_seen_subcommand_from secret credential install help" -f -a "secret" -d 'Webhook signature secrets (several may be active, for rotation)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and not __fish_seen_subcommand_from secret credential install help" -f -a "credential" -d 'Credentials for the optional Authorization check (Basic password or Bearer token); secrets of their own, never the signing secret'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and not __fish_seen_subcommand_from secret credential install help" -f -a "install" -d 'Create or update syncd\'s webhook and trigger in Zammad (idempotent)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and not __fish_seen_subcommand_from secret credential install help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from secret" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from secret" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from secret" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from secret" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from secret" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from secret" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from secret" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from secret" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from secret" -f -a "add" -d 'Add a secret (hidden prompt, --secret-file or --secret-stdin)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from secret" -f -a "list" -d 'List secrets (never their values)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from secret" -f -a "remove" -d 'Remove a secret by id or name'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from secret" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from credential" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from credential" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from credential" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from credential" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from credential" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from credential" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from credential" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from credential" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from credential" -f -a "add" -d 'Add a secret (hidden prompt, --secret-file or --secret-stdin)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from credential" -f -a "list" -d 'List secrets (never their values)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from credential" -f -a "remove" -d 'Remove a secret by id or name'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from credential" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from install" -l url -d 'Where Zammad sends deliveries: the daemon\'s public URL, e.g. https://syncd.example.com/webhooks/zammad' -r
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from install" -l zammad -d 'Zammad connector (default: the only one)' -r
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from install" -l name -d 'Name of the webhook and the trigger in Zammad' -r
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from install" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from install" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from install" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from install" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from install" -l dry-run -d 'Print what would be created or changed; write nothing (neither in Zammad nor in the store)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from install" -l rotate-token -d 'Give the webhook a new signature token even when nothing else changes'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from install" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from install" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from install" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "secret" -d 'Webhook signature secrets (several may be active, for rotation)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "credential" -d 'Credentials for the optional Authorization check (Basic password or Bearer token); secrets of their own, never the signing secret'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "install" -d 'Create or update syncd\'s webhook and trigger in Zammad (idempotent)'
complete -c syncd -n "__fish_syncd_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand doctor" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand doctor" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand doctor" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand doctor" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand doctor" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand doctor" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c syncd -n "__fish_syncd_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and not __fish_seen_subcommand_from list prune export verify help" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand audit; and not __fish_seen_subcommand_from list prune export verify help" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand audit; and not __fish_seen_subcommand_from list prune export verify help" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand audit; and not __fish_seen_subcommand_from list prune export verify help" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand audit; and not __fish_seen_subcommand_from list prune export verify help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and not __fish_seen_subcommand_from list prune export verify help" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and not __fish_seen_subcommand_from list prune export verify help" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and not __fish_seen_subcommand_from list prune export verify help" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and not __fish_seen_subcommand_from list prune export verify help" -f -a "list" -d 'Audit rows, newest first; filters combine'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and not __fish_seen_subcommand_from list prune export verify help" -f -a "prune" -d 'Remove access rows older than the retention'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and not __fish_seen_subcommand_from list prune export verify help" -f -a "export" -d 'Write the audit log to stdout as tamper-evident NDJSON (check it with `audit verify`)'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and not __fish_seen_subcommand_from list prune export verify help" -f -a "verify" -d 'Check a file written by `audit export`: exit 0 when intact, 1 naming each line that was edited, removed, reordered or inserted'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and not __fish_seen_subcommand_from list prune export verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -l category -r -f -a "access\t''
config\t''
sync\t''"
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -l action -r
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -l actor -r
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -l ip -r
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -l since -r
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -l until -r
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -l run -r
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -l limit -r
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from prune" -l older-than -d 'Days to keep (default: audit.retention_days, 90)' -r
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from prune" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from prune" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from prune" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from prune" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from export" -l since -d 'Start at the first row recorded at or after this time and include every later one (RFC 3339, a date, a UTC time or an age like 30d); default: the whole log' -r
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from export" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from export" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from export" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from export" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from export" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from verify" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from verify" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from verify" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from verify" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "list" -d 'Audit rows, newest first; filters combine'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Remove access rows older than the retention'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write the audit log to stdout as tamper-evident NDJSON (check it with `audit verify`)'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check a file written by `audit export`: exit 0 when intact, 1 naming each line that was edited, removed, reordered or inserted'
complete -c syncd -n "__fish_syncd_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand demo" -l entries -d 'Number of sample time accounting entries' -r
complete -c syncd -n "__fish_syncd_using_subcommand demo" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand demo" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand demo" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand demo" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand demo" -l keep -d 'Keep the simulators running until Ctrl-C'
complete -c syncd -n "__fish_syncd_using_subcommand demo" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand demo" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand demo" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand demo" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -f -a "completions" -d 'Shell completions on stdout (or into --dir)'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -f -a "man" -d 'The man page on stdout (or into --dir)'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from completions" -l dir -r -F
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from completions" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from completions" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from completions" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from completions" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from completions" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from completions" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from completions" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from completions" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from man" -l dir -r -F
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from man" -l config -d 'Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from man" -l db -d 'SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)' -r -F
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from man" -l output -d 'Output format for results (logs always go to stderr)' -r -f -a "table\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from man" -l log-format -d 'Log line format on stderr' -r -f -a "human\t''
json\t''"
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from man" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from man" -s q -l quiet -d 'Only errors on stderr'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from man" -s h -l help -d 'Print help'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from man" -s V -l version -d 'Print version'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from help" -f -a "completions" -d 'Shell completions on stdout (or into --dir)'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from help" -f -a "man" -d 'The man page on stdout (or into --dir)'
complete -c syncd -n "__fish_syncd_using_subcommand generate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "init" -d 'Create the config file, data directory, store and age identity'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "config" -d 'Validate or print the resolved configuration'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "connector" -d 'Manage Zammad and Kimai connections'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "mapping" -d 'Map Zammad activity types, organizations, tickets and agents to Kimai'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "sync" -d 'Fetch, reconcile and apply Zammad time accounting to Kimai'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "apply" -d 'Apply a plan file written by `sync --plan-out`: exactly that plan, or nothing'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "plan" -d 'Plan files written by `sync --plan-out`'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "check" -d 'Compare Zammad and Kimai without writing: exit 0 in sync, 3 drift or open conflicts, 75 could not check'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "runs" -d 'Past sync runs'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "conflicts" -d 'Inspect and resolve sync conflicts'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "serve" -d 'Run the daemon: webhooks, schedules, health and metrics'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "schedule" -d 'Cron schedules for the daemon'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "webhook" -d 'Webhook signature secrets'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "doctor" -d 'Everything that is wrong with this set-up, and what to do about it'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "audit" -d 'The audit log'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "demo" -d 'Start built-in Zammad and Kimai simulators and run a real sync end to end'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "generate" -d 'Write shell completions or the man page'
complete -c syncd -n "__fish_syncd_using_subcommand help; and not __fish_seen_subcommand_from init config connector mapping sync apply plan check runs conflicts serve schedule webhook doctor audit demo generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Validate the config file and environment'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the resolved configuration (secrets masked)'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "add" -d 'Add a connector (token by hidden prompt, --token-file or --token-stdin)'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "list" -d 'List connectors'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "show" -d 'Show one connector'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "edit" -d 'Change a connector'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "remove" -d 'Remove a connector (refused while mappings or synced entries refer to it)'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "test" -d 'Call the real endpoints and report version, timezone and permissions'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from mapping" -f -a "list" -d 'List mappings'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from mapping" -f -a "add" -d 'Map a Zammad id or name to a Kimai id or name'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from mapping" -f -a "remove" -d 'Remove a mapping'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from mapping" -f -a "suggest" -d 'Propose activity and user mappings by name and email'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from mapping" -f -a "import" -d 'Add mappings from a YAML or JSON file written by `mapping export`'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from mapping" -f -a "export" -d 'Print all mappings (YAML, or JSON with --output json)'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from plan" -f -a "show" -d 'Print a plan file as `sync --dry-run` prints a plan (exit code as the dry run\'s)'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from runs" -f -a "list" -d 'Recent runs, newest first'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from runs" -f -a "show" -d 'One run in detail'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from runs" -f -a "undo" -d 'Take a run back: delete the timesheets it created, restore those it updated, recreate those it deleted, where Kimai still holds what it wrote'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from conflicts" -f -a "list" -d 'List conflicts (default: open)'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from conflicts" -f -a "show" -d 'Both sides side by side'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from conflicts" -f -a "resolve" -d 'Resolve interactively, or in bulk with --action'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from conflicts" -f -a "ignore" -d 'Ignore a conflict for good'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from conflicts" -f -a "reopen" -d 'Reopen a resolved or ignored conflict'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "show" -d 'Schedules with their next three runs'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "set" -d 'Create or change a schedule (default name: default)'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "enable" -d 'Enable a schedule (default name: default)'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "disable" -d 'Disable a schedule (default name: default)'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "remove" -d 'Remove a schedule'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "secret" -d 'Webhook signature secrets (several may be active, for rotation)'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "credential" -d 'Credentials for the optional Authorization check (Basic password or Bearer token); secrets of their own, never the signing secret'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "install" -d 'Create or update syncd\'s webhook and trigger in Zammad (idempotent)'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "list" -d 'Audit rows, newest first; filters combine'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "prune" -d 'Remove access rows older than the retention'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "export" -d 'Write the audit log to stdout as tamper-evident NDJSON (check it with `audit verify`)'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Check a file written by `audit export`: exit 0 when intact, 1 naming each line that was edited, removed, reordered or inserted'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from generate" -f -a "completions" -d 'Shell completions on stdout (or into --dir)'
complete -c syncd -n "__fish_syncd_using_subcommand help; and __fish_seen_subcommand_from generate" -f -a "man" -d 'The man page on stdout (or into --dir)'
