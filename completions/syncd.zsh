#compdef syncd

autoload -U is-at-least

_syncd() {
    typeset -A opt_args
    typeset -a _arguments_options
    local ret=1

    if is-at-least 5.2; then
        _arguments_options=(-s -S -C)
    else
        _arguments_options=(-s -C)
    fi

    local context curcontext="$curcontext" state line
    _arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_syncd_commands" \
"*::: :->syncd" \
&& ret=0
    case $state in
    (syncd)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-command-$line[1]:"
        case $line[1] in
            (init)
_arguments "${_arguments_options[@]}" : \
'--data-dir=[Write this \`data_dir\` into a new config file (e.g. /var/lib/syncd for systemd)]:DIR:_files' \
'--identity-file=[Write this \`identity_file\` into a new config file (e.g. /etc/syncd/identity.txt, loaded by the unit as a credential)]:FILE:_files' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'--non-interactive[Never prompt; take defaults]' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(config)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_syncd__subcmd__config_commands" \
"*::: :->config" \
&& ret=0

    case $state in
    (config)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-config-command-$line[1]:"
        case $line[1] in
            (check)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__config__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-config-help-command-$line[1]:"
        case $line[1] in
            (check)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(connector)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_syncd__subcmd__connector_commands" \
"*::: :->connector" \
&& ret=0

    case $state in
    (connector)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-connector-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
'--name=[]:NAME:_default' \
'--url=[Base URL, e.g. https\://helpdesk.example.com]:URL:_default' \
'(--token-stdin)--token-file=[Read the API token from this file (first line)]:FILE:_files' \
'--time-unit=[Zammad only\: what one \`time_unit\` means\: minute, hour, quarter or <N>m]:UNIT:_default' \
'--timeout=[Request timeout in seconds]:SECS:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'--token-stdin[Read the API token from standard input (first line)]' \
'--no-check[Save without calling the server (offline set-up); \`syncd connector test\` checks later]' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':kind:(zammad kimai)' \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':name:_default' \
&& ret=0
;;
(edit)
_arguments "${_arguments_options[@]}" : \
'--rename=[New name]:RENAME:_default' \
'--url=[]:URL:_default' \
'(--token-stdin)--token-file=[Read the API token from this file (first line)]:FILE:_files' \
'--time-unit=[What one Zammad \`time_unit\` means\: minute, hour, quarter or <N>m (checked against Zammad'\''s newest entries)]:UNIT:_default' \
'--timeout=[]:SECS:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'--token-stdin[Read the API token from standard input (first line)]' \
'(--token-file --token-stdin)--token-prompt[Replace the token by hidden prompt]' \
'--force[With --time-unit\: change the unit even when Zammad'\''s entries look like another one]' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':name:_default' \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'--force[Also remove its mappings and ledger entries]' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':name:_default' \
&& ret=0
;;
(test)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'::name -- Connector to test (default\: all):_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__connector__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-connector-help-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(edit)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(test)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(mapping)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_syncd__subcmd__mapping_commands" \
"*::: :->mapping" \
&& ret=0

    case $state in
    (mapping)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-mapping-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
'--kind=[]:KIND:(activity customer project user)' \
'--zammad=[Zammad connector name]:NAME:_default' \
'--kimai=[Kimai connector name]:NAME:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(add)
_arguments "${_arguments_options[@]}" : \
'--source=[Zammad side\: type, organization, ticket or agent (id, name, number or email)]:SOURCE:_default' \
'--target=[Kimai side\: activity, customer, project or user (id or name)]:TARGET:_default' \
'--zammad=[Zammad connector name]:NAME:_default' \
'--kimai=[Kimai connector name]:NAME:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':kind:(activity customer project user)' \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
'--source=[]:SOURCE:_default' \
'--zammad=[Zammad connector name]:NAME:_default' \
'--kimai=[Kimai connector name]:NAME:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':kind:(activity customer project user)' \
&& ret=0
;;
(suggest)
_arguments "${_arguments_options[@]}" : \
'--zammad=[Zammad connector name]:NAME:_default' \
'--kimai=[Kimai connector name]:NAME:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'--yes[Write the proposals without asking]' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(import)
_arguments "${_arguments_options[@]}" : \
'--zammad=[Zammad connector name]:NAME:_default' \
'--kimai=[Kimai connector name]:NAME:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':file:_files' \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
'--zammad=[Zammad connector name]:NAME:_default' \
'--kimai=[Kimai connector name]:NAME:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__mapping__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-mapping-help-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(suggest)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(import)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(sync)
_arguments "${_arguments_options[@]}" : \
'--since=[Only entries created at or after this time (RFC 3339, or YYYY-MM-DD meaning midnight UTC)]:TIME:_default' \
'--until=[Only entries created before this time (RFC 3339, or YYYY-MM-DD meaning midnight UTC)]:TIME:_default' \
'--ticket=[Only this ticket (number or #number)]:N:_default' \
'--plan-out=[Write the plan to FILE (JSON, with the fingerprints of what it was computed from) and change nothing; apply it later with \`syncd apply FILE\`]:FILE:_files' \
'--zammad=[Zammad connector name]:NAME:_default' \
'--kimai=[Kimai connector name]:NAME:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'--dry-run[Print the plan; change nothing]' \
'--full[Compare every entry (finds deletions) instead of the incremental cursor]' \
'--yes[Do not ask before deleting Kimai timesheets (asked only on a terminal)]' \
'--force[Override the safety guards (empty source, large change share, a time unit the entries contradict)]' \
'--wait[Wait for a running sync to finish instead of exiting 75]' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(apply)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'--wait[Wait for a running sync to finish instead of exiting 75]' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':file -- The plan file (written by `syncd sync --plan-out FILE`):_files' \
&& ret=0
;;
(plan)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_syncd__subcmd__plan_commands" \
"*::: :->plan" \
&& ret=0

    case $state in
    (plan)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-plan-command-$line[1]:"
        case $line[1] in
            (show)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':file -- The plan file:_files' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__plan__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-plan-help-command-$line[1]:"
        case $line[1] in
            (show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(check)
_arguments "${_arguments_options[@]}" : \
'--since=[Only entries created at or after this time (the grammar of \`sync --since\`)]:TIME:_default' \
'--until=[Only entries created before this time]:TIME:_default' \
'--zammad=[Zammad connector name]:NAME:_default' \
'--kimai=[Kimai connector name]:NAME:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'--full[Compare every entry (finds deletions in Zammad)]' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(runs)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_syncd__subcmd__runs_commands" \
"*::: :->runs" \
&& ret=0

    case $state in
    (runs)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-runs-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
'--limit=[]:LIMIT:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':id:_default' \
&& ret=0
;;
(undo)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'--dry-run[Say what would be undone; write nothing, record no conflict]' \
'--resync[Let the next sync book the undone entries again (exactly once)]' \
'--wait[Wait for a running sync to finish instead of exiting 75]' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':id -- The run (an id prefix is enough):_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__runs__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-runs-help-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(undo)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(conflicts)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_syncd__subcmd__conflicts_commands" \
"*::: :->conflicts" \
&& ret=0

    case $state in
    (conflicts)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-conflicts-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
'--status=[]:STATUS:(open resolved ignored)' \
'--reason=[Reason code, e.g. target-edited]:REASON:(unmapped-activity unmapped-user target-edited both-changed duplicate-marker target-deleted source-deleted locked-period target-rejected negative-correction unknown-timezone source-unreadable)' \
'--ticket=[Ticket number]:TICKET:_default' \
'--customer=[Customer (organization) name]:CUSTOMER:_default' \
'--since=[]:TIME:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':id:_default' \
&& ret=0
;;
(resolve)
_arguments "${_arguments_options[@]}" : \
'--action=[What to do (which actions fit depends on the reason; see \`conflicts show\`)]:ACTION:(take-zammad keep-kimai recreate delete-kimai map net ignore skip)' \
'--reason=[Only conflicts with this reason code]:REASON:(unmapped-activity unmapped-user target-edited both-changed duplicate-marker target-deleted source-deleted locked-period target-rejected negative-correction unknown-timezone source-unreadable)' \
'--activity=[For --action map\: the Kimai activity id]:ID:_default' \
'--user=[For --action map\: the Kimai user id]:ID:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'--all[Every open conflict (filtered by --reason)]' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'*::ids -- Conflict ids (default with --all or --reason\: every open one that matches):_default' \
&& ret=0
;;
(ignore)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':id:_default' \
&& ret=0
;;
(reopen)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':id:_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__conflicts__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-conflicts-help-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(resolve)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(ignore)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(reopen)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(serve)
_arguments "${_arguments_options[@]}" : \
'--listen=[Listen address (default\: daemon.listen, 127.0.0.1\:8787)]:ADDR:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(schedule)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_syncd__subcmd__schedule_commands" \
"*::: :->schedule" \
&& ret=0

    case $state in
    (schedule)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-schedule-command-$line[1]:"
        case $line[1] in
            (show)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(set)
_arguments "${_arguments_options[@]}" : \
'--cron=[Cron expression, 5 or 6 fields (seconds first)]:CRON:_default' \
'--timezone=[IANA timezone the expression is evaluated in (default UTC)]:TIMEZONE:_default' \
'--concurrency=[]:CONCURRENCY:(skip queue)' \
'--scope=[]:SCOPE:(incremental full)' \
'--kind=[What the schedule runs\: a sync, or a drift check for monitoring]:KIND:((sync\:"Sync (the default)"
check\:"A drift check, as \`syncd check\` (sets the syncd_drifted_entries gauge)"))' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
'::name:_default' \
&& ret=0
;;
(enable)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'::name:_default' \
&& ret=0
;;
(disable)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'::name:_default' \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':name:_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__schedule__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-schedule-help-command-$line[1]:"
        case $line[1] in
            (show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(set)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(enable)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(disable)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(webhook)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_syncd__subcmd__webhook_commands" \
"*::: :->webhook" \
&& ret=0

    case $state in
    (webhook)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-webhook-command-$line[1]:"
        case $line[1] in
            (secret)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_syncd__subcmd__webhook__subcmd__secret_commands" \
"*::: :->secret" \
&& ret=0

    case $state in
    (secret)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-webhook-secret-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
'--name=[A label for this secret]:NAME:_default' \
'(--secret-stdin)--secret-file=[]:FILE:_files' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'--secret-stdin[]' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':id:_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__webhook__subcmd__secret__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-webhook-secret-help-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(credential)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_syncd__subcmd__webhook__subcmd__credential_commands" \
"*::: :->credential" \
&& ret=0

    case $state in
    (credential)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-webhook-credential-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
'--name=[A label for this secret]:NAME:_default' \
'(--secret-stdin)--secret-file=[]:FILE:_files' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'--secret-stdin[]' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':id:_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__webhook__subcmd__credential__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-webhook-credential-help-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(install)
_arguments "${_arguments_options[@]}" : \
'--url=[Where Zammad sends deliveries\: the daemon'\''s public URL, e.g. https\://syncd.example.com/webhooks/zammad]:URL:_default' \
'--zammad=[Zammad connector (default\: the only one)]:NAME:_default' \
'--name=[Name of the webhook and the trigger in Zammad]:NAME:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'--dry-run[Print what would be created or changed; write nothing (neither in Zammad nor in the store)]' \
'--rotate-token[Give the webhook a new signature token even when nothing else changes]' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__webhook__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-webhook-help-command-$line[1]:"
        case $line[1] in
            (secret)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__webhook__subcmd__help__subcmd__secret_commands" \
"*::: :->secret" \
&& ret=0

    case $state in
    (secret)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-webhook-help-secret-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(credential)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__webhook__subcmd__help__subcmd__credential_commands" \
"*::: :->credential" \
&& ret=0

    case $state in
    (credential)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-webhook-help-credential-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(install)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(doctor)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(audit)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_syncd__subcmd__audit_commands" \
"*::: :->audit" \
&& ret=0

    case $state in
    (audit)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-audit-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
'--category=[]:CATEGORY:(access config sync)' \
'--action=[]:ACTION:_default' \
'--actor=[]:ACTOR:_default' \
'--ip=[]:IP:_default' \
'--since=[]:TIME:_default' \
'--until=[]:TIME:_default' \
'--run=[]:ID:_default' \
'--limit=[]:LIMIT:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
'--older-than=[Days to keep (default\: audit.retention_days, 90)]:DAYS:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
'--since=[Start at the first row recorded at or after this time and include every later one (RFC 3339, a date, a UTC time or an age like 30d); default\: the whole log]:TIME:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(verify)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':file -- The export (`-` for standard input):_files' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__audit__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-audit-help-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(verify)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(demo)
_arguments "${_arguments_options[@]}" : \
'--entries=[Number of sample time accounting entries]:ENTRIES:_default' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'--keep[Keep the simulators running until Ctrl-C]' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(generate)
_arguments "${_arguments_options[@]}" : \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_syncd__subcmd__generate_commands" \
"*::: :->generate" \
&& ret=0

    case $state in
    (generate)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-generate-command-$line[1]:"
        case $line[1] in
            (completions)
_arguments "${_arguments_options[@]}" : \
'--dir=[]:DIR:_files' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':shell:(bash zsh fish)' \
&& ret=0
;;
(man)
_arguments "${_arguments_options[@]}" : \
'--dir=[]:DIR:_files' \
'--config=[Config file (default\: \$SYNCD_CONFIG, then \$XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)]:FILE:_files' \
'--db=[SQLite store (default\: database in the config, or \$XDG_DATA_HOME/syncd/syncd.db)]:FILE:_files' \
'--output=[Output format for results (logs always go to stderr)]:OUTPUT:(table json)' \
'--log-format=[Log line format on stderr]:LOG_FORMAT:(human json)' \
'(-q --quiet)*-v[More log output (-v info, -vv debug, -vvv trace)]' \
'(-q --quiet)*--verbose[More log output (-v info, -vv debug, -vvv trace)]' \
'-q[Only errors on stderr]' \
'--quiet[Only errors on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__generate__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-generate-help-command-$line[1]:"
        case $line[1] in
            (completions)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(man)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-help-command-$line[1]:"
        case $line[1] in
            (init)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(config)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__help__subcmd__config_commands" \
"*::: :->config" \
&& ret=0

    case $state in
    (config)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-help-config-command-$line[1]:"
        case $line[1] in
            (check)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(connector)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__help__subcmd__connector_commands" \
"*::: :->connector" \
&& ret=0

    case $state in
    (connector)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-help-connector-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(edit)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(test)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(mapping)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__help__subcmd__mapping_commands" \
"*::: :->mapping" \
&& ret=0

    case $state in
    (mapping)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-help-mapping-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(suggest)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(import)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(sync)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(apply)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(plan)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__help__subcmd__plan_commands" \
"*::: :->plan" \
&& ret=0

    case $state in
    (plan)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-help-plan-command-$line[1]:"
        case $line[1] in
            (show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(check)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(runs)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__help__subcmd__runs_commands" \
"*::: :->runs" \
&& ret=0

    case $state in
    (runs)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-help-runs-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(undo)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(conflicts)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__help__subcmd__conflicts_commands" \
"*::: :->conflicts" \
&& ret=0

    case $state in
    (conflicts)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-help-conflicts-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(resolve)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(ignore)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(reopen)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(serve)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(schedule)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__help__subcmd__schedule_commands" \
"*::: :->schedule" \
&& ret=0

    case $state in
    (schedule)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-help-schedule-command-$line[1]:"
        case $line[1] in
            (show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(set)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(enable)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(disable)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(webhook)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__help__subcmd__webhook_commands" \
"*::: :->webhook" \
&& ret=0

    case $state in
    (webhook)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-help-webhook-command-$line[1]:"
        case $line[1] in
            (secret)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__help__subcmd__webhook__subcmd__secret_commands" \
"*::: :->secret" \
&& ret=0

    case $state in
    (secret)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-help-webhook-secret-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(credential)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__help__subcmd__webhook__subcmd__credential_commands" \
"*::: :->credential" \
&& ret=0

    case $state in
    (credential)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-help-webhook-credential-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(install)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(doctor)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(audit)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__help__subcmd__audit_commands" \
"*::: :->audit" \
&& ret=0

    case $state in
    (audit)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-help-audit-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(verify)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(demo)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(generate)
_arguments "${_arguments_options[@]}" : \
":: :_syncd__subcmd__help__subcmd__generate_commands" \
"*::: :->generate" \
&& ret=0

    case $state in
    (generate)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:syncd-help-generate-command-$line[1]:"
        case $line[1] in
            (completions)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(man)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
}

(( $+functions[_syncd_commands] )) ||
_syncd_commands() {
    local commands; commands=(
'init:Create the config file, data directory, store and age identity' \
'config:Validate or print the resolved configuration' \
'connector:Manage Zammad and Kimai connections' \
'mapping:Map Zammad activity types, organizations, tickets and agents to Kimai' \
'sync:Fetch, reconcile and apply Zammad time accounting to Kimai' \
'apply:Apply a plan file written by \`sync --plan-out\`\: exactly that plan, or nothing' \
'plan:Plan files written by \`sync --plan-out\`' \
'check:Compare Zammad and Kimai without writing\: exit 0 in sync, 3 drift or open conflicts, 75 could not check' \
'runs:Past sync runs' \
'conflicts:Inspect and resolve sync conflicts' \
'serve:Run the daemon\: webhooks, schedules, health and metrics' \
'schedule:Cron schedules for the daemon' \
'webhook:Webhook signature secrets' \
'doctor:Everything that is wrong with this set-up, and what to do about it' \
'audit:The audit log' \
'demo:Start built-in Zammad and Kimai simulators and run a real sync end to end' \
'generate:Write shell completions or the man page' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd commands' commands "$@"
}
(( $+functions[_syncd__subcmd__apply_commands] )) ||
_syncd__subcmd__apply_commands() {
    local commands; commands=()
    _describe -t commands 'syncd apply commands' commands "$@"
}
(( $+functions[_syncd__subcmd__audit_commands] )) ||
_syncd__subcmd__audit_commands() {
    local commands; commands=(
'list:Audit rows, newest first; filters combine' \
'prune:Remove access rows older than the retention' \
'export:Write the audit log to stdout as tamper-evident NDJSON (check it with \`audit verify\`)' \
'verify:Check a file written by \`audit export\`\: exit 0 when intact, 1 naming each line that was edited, removed, reordered or inserted' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd audit commands' commands "$@"
}
(( $+functions[_syncd__subcmd__audit__subcmd__export_commands] )) ||
_syncd__subcmd__audit__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'syncd audit export commands' commands "$@"
}
(( $+functions[_syncd__subcmd__audit__subcmd__help_commands] )) ||
_syncd__subcmd__audit__subcmd__help_commands() {
    local commands; commands=(
'list:Audit rows, newest first; filters combine' \
'prune:Remove access rows older than the retention' \
'export:Write the audit log to stdout as tamper-evident NDJSON (check it with \`audit verify\`)' \
'verify:Check a file written by \`audit export\`\: exit 0 when intact, 1 naming each line that was edited, removed, reordered or inserted' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd audit help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__audit__subcmd__help__subcmd__export_commands] )) ||
_syncd__subcmd__audit__subcmd__help__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'syncd audit help export commands' commands "$@"
}
(( $+functions[_syncd__subcmd__audit__subcmd__help__subcmd__help_commands] )) ||
_syncd__subcmd__audit__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'syncd audit help help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__audit__subcmd__help__subcmd__list_commands] )) ||
_syncd__subcmd__audit__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd audit help list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__audit__subcmd__help__subcmd__prune_commands] )) ||
_syncd__subcmd__audit__subcmd__help__subcmd__prune_commands() {
    local commands; commands=()
    _describe -t commands 'syncd audit help prune commands' commands "$@"
}
(( $+functions[_syncd__subcmd__audit__subcmd__help__subcmd__verify_commands] )) ||
_syncd__subcmd__audit__subcmd__help__subcmd__verify_commands() {
    local commands; commands=()
    _describe -t commands 'syncd audit help verify commands' commands "$@"
}
(( $+functions[_syncd__subcmd__audit__subcmd__list_commands] )) ||
_syncd__subcmd__audit__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd audit list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__audit__subcmd__prune_commands] )) ||
_syncd__subcmd__audit__subcmd__prune_commands() {
    local commands; commands=()
    _describe -t commands 'syncd audit prune commands' commands "$@"
}
(( $+functions[_syncd__subcmd__audit__subcmd__verify_commands] )) ||
_syncd__subcmd__audit__subcmd__verify_commands() {
    local commands; commands=()
    _describe -t commands 'syncd audit verify commands' commands "$@"
}
(( $+functions[_syncd__subcmd__check_commands] )) ||
_syncd__subcmd__check_commands() {
    local commands; commands=()
    _describe -t commands 'syncd check commands' commands "$@"
}
(( $+functions[_syncd__subcmd__config_commands] )) ||
_syncd__subcmd__config_commands() {
    local commands; commands=(
'check:Validate the config file and environment' \
'show:Print the resolved configuration (secrets masked)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd config commands' commands "$@"
}
(( $+functions[_syncd__subcmd__config__subcmd__check_commands] )) ||
_syncd__subcmd__config__subcmd__check_commands() {
    local commands; commands=()
    _describe -t commands 'syncd config check commands' commands "$@"
}
(( $+functions[_syncd__subcmd__config__subcmd__help_commands] )) ||
_syncd__subcmd__config__subcmd__help_commands() {
    local commands; commands=(
'check:Validate the config file and environment' \
'show:Print the resolved configuration (secrets masked)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd config help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__config__subcmd__help__subcmd__check_commands] )) ||
_syncd__subcmd__config__subcmd__help__subcmd__check_commands() {
    local commands; commands=()
    _describe -t commands 'syncd config help check commands' commands "$@"
}
(( $+functions[_syncd__subcmd__config__subcmd__help__subcmd__help_commands] )) ||
_syncd__subcmd__config__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'syncd config help help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__config__subcmd__help__subcmd__show_commands] )) ||
_syncd__subcmd__config__subcmd__help__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd config help show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__config__subcmd__show_commands] )) ||
_syncd__subcmd__config__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd config show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__conflicts_commands] )) ||
_syncd__subcmd__conflicts_commands() {
    local commands; commands=(
'list:List conflicts (default\: open)' \
'show:Both sides side by side' \
'resolve:Resolve interactively, or in bulk with --action' \
'ignore:Ignore a conflict for good' \
'reopen:Reopen a resolved or ignored conflict' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd conflicts commands' commands "$@"
}
(( $+functions[_syncd__subcmd__conflicts__subcmd__help_commands] )) ||
_syncd__subcmd__conflicts__subcmd__help_commands() {
    local commands; commands=(
'list:List conflicts (default\: open)' \
'show:Both sides side by side' \
'resolve:Resolve interactively, or in bulk with --action' \
'ignore:Ignore a conflict for good' \
'reopen:Reopen a resolved or ignored conflict' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd conflicts help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__conflicts__subcmd__help__subcmd__help_commands] )) ||
_syncd__subcmd__conflicts__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'syncd conflicts help help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__conflicts__subcmd__help__subcmd__ignore_commands] )) ||
_syncd__subcmd__conflicts__subcmd__help__subcmd__ignore_commands() {
    local commands; commands=()
    _describe -t commands 'syncd conflicts help ignore commands' commands "$@"
}
(( $+functions[_syncd__subcmd__conflicts__subcmd__help__subcmd__list_commands] )) ||
_syncd__subcmd__conflicts__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd conflicts help list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__conflicts__subcmd__help__subcmd__reopen_commands] )) ||
_syncd__subcmd__conflicts__subcmd__help__subcmd__reopen_commands() {
    local commands; commands=()
    _describe -t commands 'syncd conflicts help reopen commands' commands "$@"
}
(( $+functions[_syncd__subcmd__conflicts__subcmd__help__subcmd__resolve_commands] )) ||
_syncd__subcmd__conflicts__subcmd__help__subcmd__resolve_commands() {
    local commands; commands=()
    _describe -t commands 'syncd conflicts help resolve commands' commands "$@"
}
(( $+functions[_syncd__subcmd__conflicts__subcmd__help__subcmd__show_commands] )) ||
_syncd__subcmd__conflicts__subcmd__help__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd conflicts help show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__conflicts__subcmd__ignore_commands] )) ||
_syncd__subcmd__conflicts__subcmd__ignore_commands() {
    local commands; commands=()
    _describe -t commands 'syncd conflicts ignore commands' commands "$@"
}
(( $+functions[_syncd__subcmd__conflicts__subcmd__list_commands] )) ||
_syncd__subcmd__conflicts__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd conflicts list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__conflicts__subcmd__reopen_commands] )) ||
_syncd__subcmd__conflicts__subcmd__reopen_commands() {
    local commands; commands=()
    _describe -t commands 'syncd conflicts reopen commands' commands "$@"
}
(( $+functions[_syncd__subcmd__conflicts__subcmd__resolve_commands] )) ||
_syncd__subcmd__conflicts__subcmd__resolve_commands() {
    local commands; commands=()
    _describe -t commands 'syncd conflicts resolve commands' commands "$@"
}
(( $+functions[_syncd__subcmd__conflicts__subcmd__show_commands] )) ||
_syncd__subcmd__conflicts__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd conflicts show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__connector_commands] )) ||
_syncd__subcmd__connector_commands() {
    local commands; commands=(
'add:Add a connector (token by hidden prompt, --token-file or --token-stdin)' \
'list:List connectors' \
'show:Show one connector' \
'edit:Change a connector' \
'remove:Remove a connector (refused while mappings or synced entries refer to it)' \
'test:Call the real endpoints and report version, timezone and permissions' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd connector commands' commands "$@"
}
(( $+functions[_syncd__subcmd__connector__subcmd__add_commands] )) ||
_syncd__subcmd__connector__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'syncd connector add commands' commands "$@"
}
(( $+functions[_syncd__subcmd__connector__subcmd__edit_commands] )) ||
_syncd__subcmd__connector__subcmd__edit_commands() {
    local commands; commands=()
    _describe -t commands 'syncd connector edit commands' commands "$@"
}
(( $+functions[_syncd__subcmd__connector__subcmd__help_commands] )) ||
_syncd__subcmd__connector__subcmd__help_commands() {
    local commands; commands=(
'add:Add a connector (token by hidden prompt, --token-file or --token-stdin)' \
'list:List connectors' \
'show:Show one connector' \
'edit:Change a connector' \
'remove:Remove a connector (refused while mappings or synced entries refer to it)' \
'test:Call the real endpoints and report version, timezone and permissions' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd connector help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__connector__subcmd__help__subcmd__add_commands] )) ||
_syncd__subcmd__connector__subcmd__help__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'syncd connector help add commands' commands "$@"
}
(( $+functions[_syncd__subcmd__connector__subcmd__help__subcmd__edit_commands] )) ||
_syncd__subcmd__connector__subcmd__help__subcmd__edit_commands() {
    local commands; commands=()
    _describe -t commands 'syncd connector help edit commands' commands "$@"
}
(( $+functions[_syncd__subcmd__connector__subcmd__help__subcmd__help_commands] )) ||
_syncd__subcmd__connector__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'syncd connector help help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__connector__subcmd__help__subcmd__list_commands] )) ||
_syncd__subcmd__connector__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd connector help list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__connector__subcmd__help__subcmd__remove_commands] )) ||
_syncd__subcmd__connector__subcmd__help__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd connector help remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__connector__subcmd__help__subcmd__show_commands] )) ||
_syncd__subcmd__connector__subcmd__help__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd connector help show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__connector__subcmd__help__subcmd__test_commands] )) ||
_syncd__subcmd__connector__subcmd__help__subcmd__test_commands() {
    local commands; commands=()
    _describe -t commands 'syncd connector help test commands' commands "$@"
}
(( $+functions[_syncd__subcmd__connector__subcmd__list_commands] )) ||
_syncd__subcmd__connector__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd connector list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__connector__subcmd__remove_commands] )) ||
_syncd__subcmd__connector__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd connector remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__connector__subcmd__show_commands] )) ||
_syncd__subcmd__connector__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd connector show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__connector__subcmd__test_commands] )) ||
_syncd__subcmd__connector__subcmd__test_commands() {
    local commands; commands=()
    _describe -t commands 'syncd connector test commands' commands "$@"
}
(( $+functions[_syncd__subcmd__demo_commands] )) ||
_syncd__subcmd__demo_commands() {
    local commands; commands=()
    _describe -t commands 'syncd demo commands' commands "$@"
}
(( $+functions[_syncd__subcmd__doctor_commands] )) ||
_syncd__subcmd__doctor_commands() {
    local commands; commands=()
    _describe -t commands 'syncd doctor commands' commands "$@"
}
(( $+functions[_syncd__subcmd__generate_commands] )) ||
_syncd__subcmd__generate_commands() {
    local commands; commands=(
'completions:Shell completions on stdout (or into --dir)' \
'man:The man page on stdout (or into --dir)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd generate commands' commands "$@"
}
(( $+functions[_syncd__subcmd__generate__subcmd__completions_commands] )) ||
_syncd__subcmd__generate__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'syncd generate completions commands' commands "$@"
}
(( $+functions[_syncd__subcmd__generate__subcmd__help_commands] )) ||
_syncd__subcmd__generate__subcmd__help_commands() {
    local commands; commands=(
'completions:Shell completions on stdout (or into --dir)' \
'man:The man page on stdout (or into --dir)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd generate help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__generate__subcmd__help__subcmd__completions_commands] )) ||
_syncd__subcmd__generate__subcmd__help__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'syncd generate help completions commands' commands "$@"
}
(( $+functions[_syncd__subcmd__generate__subcmd__help__subcmd__help_commands] )) ||
_syncd__subcmd__generate__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'syncd generate help help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__generate__subcmd__help__subcmd__man_commands] )) ||
_syncd__subcmd__generate__subcmd__help__subcmd__man_commands() {
    local commands; commands=()
    _describe -t commands 'syncd generate help man commands' commands "$@"
}
(( $+functions[_syncd__subcmd__generate__subcmd__man_commands] )) ||
_syncd__subcmd__generate__subcmd__man_commands() {
    local commands; commands=()
    _describe -t commands 'syncd generate man commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help_commands] )) ||
_syncd__subcmd__help_commands() {
    local commands; commands=(
'init:Create the config file, data directory, store and age identity' \
'config:Validate or print the resolved configuration' \
'connector:Manage Zammad and Kimai connections' \
'mapping:Map Zammad activity types, organizations, tickets and agents to Kimai' \
'sync:Fetch, reconcile and apply Zammad time accounting to Kimai' \
'apply:Apply a plan file written by \`sync --plan-out\`\: exactly that plan, or nothing' \
'plan:Plan files written by \`sync --plan-out\`' \
'check:Compare Zammad and Kimai without writing\: exit 0 in sync, 3 drift or open conflicts, 75 could not check' \
'runs:Past sync runs' \
'conflicts:Inspect and resolve sync conflicts' \
'serve:Run the daemon\: webhooks, schedules, health and metrics' \
'schedule:Cron schedules for the daemon' \
'webhook:Webhook signature secrets' \
'doctor:Everything that is wrong with this set-up, and what to do about it' \
'audit:The audit log' \
'demo:Start built-in Zammad and Kimai simulators and run a real sync end to end' \
'generate:Write shell completions or the man page' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__apply_commands] )) ||
_syncd__subcmd__help__subcmd__apply_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help apply commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__audit_commands] )) ||
_syncd__subcmd__help__subcmd__audit_commands() {
    local commands; commands=(
'list:Audit rows, newest first; filters combine' \
'prune:Remove access rows older than the retention' \
'export:Write the audit log to stdout as tamper-evident NDJSON (check it with \`audit verify\`)' \
'verify:Check a file written by \`audit export\`\: exit 0 when intact, 1 naming each line that was edited, removed, reordered or inserted' \
    )
    _describe -t commands 'syncd help audit commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__audit__subcmd__export_commands] )) ||
_syncd__subcmd__help__subcmd__audit__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help audit export commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__audit__subcmd__list_commands] )) ||
_syncd__subcmd__help__subcmd__audit__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help audit list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__audit__subcmd__prune_commands] )) ||
_syncd__subcmd__help__subcmd__audit__subcmd__prune_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help audit prune commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__audit__subcmd__verify_commands] )) ||
_syncd__subcmd__help__subcmd__audit__subcmd__verify_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help audit verify commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__check_commands] )) ||
_syncd__subcmd__help__subcmd__check_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help check commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__config_commands] )) ||
_syncd__subcmd__help__subcmd__config_commands() {
    local commands; commands=(
'check:Validate the config file and environment' \
'show:Print the resolved configuration (secrets masked)' \
    )
    _describe -t commands 'syncd help config commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__config__subcmd__check_commands] )) ||
_syncd__subcmd__help__subcmd__config__subcmd__check_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help config check commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__config__subcmd__show_commands] )) ||
_syncd__subcmd__help__subcmd__config__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help config show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__conflicts_commands] )) ||
_syncd__subcmd__help__subcmd__conflicts_commands() {
    local commands; commands=(
'list:List conflicts (default\: open)' \
'show:Both sides side by side' \
'resolve:Resolve interactively, or in bulk with --action' \
'ignore:Ignore a conflict for good' \
'reopen:Reopen a resolved or ignored conflict' \
    )
    _describe -t commands 'syncd help conflicts commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__conflicts__subcmd__ignore_commands] )) ||
_syncd__subcmd__help__subcmd__conflicts__subcmd__ignore_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help conflicts ignore commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__conflicts__subcmd__list_commands] )) ||
_syncd__subcmd__help__subcmd__conflicts__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help conflicts list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__conflicts__subcmd__reopen_commands] )) ||
_syncd__subcmd__help__subcmd__conflicts__subcmd__reopen_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help conflicts reopen commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__conflicts__subcmd__resolve_commands] )) ||
_syncd__subcmd__help__subcmd__conflicts__subcmd__resolve_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help conflicts resolve commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__conflicts__subcmd__show_commands] )) ||
_syncd__subcmd__help__subcmd__conflicts__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help conflicts show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__connector_commands] )) ||
_syncd__subcmd__help__subcmd__connector_commands() {
    local commands; commands=(
'add:Add a connector (token by hidden prompt, --token-file or --token-stdin)' \
'list:List connectors' \
'show:Show one connector' \
'edit:Change a connector' \
'remove:Remove a connector (refused while mappings or synced entries refer to it)' \
'test:Call the real endpoints and report version, timezone and permissions' \
    )
    _describe -t commands 'syncd help connector commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__connector__subcmd__add_commands] )) ||
_syncd__subcmd__help__subcmd__connector__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help connector add commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__connector__subcmd__edit_commands] )) ||
_syncd__subcmd__help__subcmd__connector__subcmd__edit_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help connector edit commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__connector__subcmd__list_commands] )) ||
_syncd__subcmd__help__subcmd__connector__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help connector list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__connector__subcmd__remove_commands] )) ||
_syncd__subcmd__help__subcmd__connector__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help connector remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__connector__subcmd__show_commands] )) ||
_syncd__subcmd__help__subcmd__connector__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help connector show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__connector__subcmd__test_commands] )) ||
_syncd__subcmd__help__subcmd__connector__subcmd__test_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help connector test commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__demo_commands] )) ||
_syncd__subcmd__help__subcmd__demo_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help demo commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__doctor_commands] )) ||
_syncd__subcmd__help__subcmd__doctor_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help doctor commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__generate_commands] )) ||
_syncd__subcmd__help__subcmd__generate_commands() {
    local commands; commands=(
'completions:Shell completions on stdout (or into --dir)' \
'man:The man page on stdout (or into --dir)' \
    )
    _describe -t commands 'syncd help generate commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__generate__subcmd__completions_commands] )) ||
_syncd__subcmd__help__subcmd__generate__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help generate completions commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__generate__subcmd__man_commands] )) ||
_syncd__subcmd__help__subcmd__generate__subcmd__man_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help generate man commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__help_commands] )) ||
_syncd__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__init_commands] )) ||
_syncd__subcmd__help__subcmd__init_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help init commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__mapping_commands] )) ||
_syncd__subcmd__help__subcmd__mapping_commands() {
    local commands; commands=(
'list:List mappings' \
'add:Map a Zammad id or name to a Kimai id or name' \
'remove:Remove a mapping' \
'suggest:Propose activity and user mappings by name and email' \
'import:Add mappings from a YAML or JSON file written by \`mapping export\`' \
'export:Print all mappings (YAML, or JSON with --output json)' \
    )
    _describe -t commands 'syncd help mapping commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__mapping__subcmd__add_commands] )) ||
_syncd__subcmd__help__subcmd__mapping__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help mapping add commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__mapping__subcmd__export_commands] )) ||
_syncd__subcmd__help__subcmd__mapping__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help mapping export commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__mapping__subcmd__import_commands] )) ||
_syncd__subcmd__help__subcmd__mapping__subcmd__import_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help mapping import commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__mapping__subcmd__list_commands] )) ||
_syncd__subcmd__help__subcmd__mapping__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help mapping list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__mapping__subcmd__remove_commands] )) ||
_syncd__subcmd__help__subcmd__mapping__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help mapping remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__mapping__subcmd__suggest_commands] )) ||
_syncd__subcmd__help__subcmd__mapping__subcmd__suggest_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help mapping suggest commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__plan_commands] )) ||
_syncd__subcmd__help__subcmd__plan_commands() {
    local commands; commands=(
'show:Print a plan file as \`sync --dry-run\` prints a plan (exit code as the dry run'\''s)' \
    )
    _describe -t commands 'syncd help plan commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__plan__subcmd__show_commands] )) ||
_syncd__subcmd__help__subcmd__plan__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help plan show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__runs_commands] )) ||
_syncd__subcmd__help__subcmd__runs_commands() {
    local commands; commands=(
'list:Recent runs, newest first' \
'show:One run in detail' \
'undo:Take a run back\: delete the timesheets it created, restore those it updated, recreate those it deleted, where Kimai still holds what it wrote' \
    )
    _describe -t commands 'syncd help runs commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__runs__subcmd__list_commands] )) ||
_syncd__subcmd__help__subcmd__runs__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help runs list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__runs__subcmd__show_commands] )) ||
_syncd__subcmd__help__subcmd__runs__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help runs show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__runs__subcmd__undo_commands] )) ||
_syncd__subcmd__help__subcmd__runs__subcmd__undo_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help runs undo commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__schedule_commands] )) ||
_syncd__subcmd__help__subcmd__schedule_commands() {
    local commands; commands=(
'show:Schedules with their next three runs' \
'set:Create or change a schedule (default name\: default)' \
'enable:Enable a schedule (default name\: default)' \
'disable:Disable a schedule (default name\: default)' \
'remove:Remove a schedule' \
    )
    _describe -t commands 'syncd help schedule commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__schedule__subcmd__disable_commands] )) ||
_syncd__subcmd__help__subcmd__schedule__subcmd__disable_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help schedule disable commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__schedule__subcmd__enable_commands] )) ||
_syncd__subcmd__help__subcmd__schedule__subcmd__enable_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help schedule enable commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__schedule__subcmd__remove_commands] )) ||
_syncd__subcmd__help__subcmd__schedule__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help schedule remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__schedule__subcmd__set_commands] )) ||
_syncd__subcmd__help__subcmd__schedule__subcmd__set_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help schedule set commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__schedule__subcmd__show_commands] )) ||
_syncd__subcmd__help__subcmd__schedule__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help schedule show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__serve_commands] )) ||
_syncd__subcmd__help__subcmd__serve_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help serve commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__sync_commands] )) ||
_syncd__subcmd__help__subcmd__sync_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help sync commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__webhook_commands] )) ||
_syncd__subcmd__help__subcmd__webhook_commands() {
    local commands; commands=(
'secret:Webhook signature secrets (several may be active, for rotation)' \
'credential:Credentials for the optional Authorization check (Basic password or Bearer token); secrets of their own, never the signing secret' \
'install:Create or update syncd'\''s webhook and trigger in Zammad (idempotent)' \
    )
    _describe -t commands 'syncd help webhook commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__webhook__subcmd__credential_commands] )) ||
_syncd__subcmd__help__subcmd__webhook__subcmd__credential_commands() {
    local commands; commands=(
'add:Add a secret (hidden prompt, --secret-file or --secret-stdin)' \
'list:List secrets (never their values)' \
'remove:Remove a secret by id or name' \
    )
    _describe -t commands 'syncd help webhook credential commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__webhook__subcmd__credential__subcmd__add_commands] )) ||
_syncd__subcmd__help__subcmd__webhook__subcmd__credential__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help webhook credential add commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__webhook__subcmd__credential__subcmd__list_commands] )) ||
_syncd__subcmd__help__subcmd__webhook__subcmd__credential__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help webhook credential list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__webhook__subcmd__credential__subcmd__remove_commands] )) ||
_syncd__subcmd__help__subcmd__webhook__subcmd__credential__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help webhook credential remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__webhook__subcmd__install_commands] )) ||
_syncd__subcmd__help__subcmd__webhook__subcmd__install_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help webhook install commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__webhook__subcmd__secret_commands] )) ||
_syncd__subcmd__help__subcmd__webhook__subcmd__secret_commands() {
    local commands; commands=(
'add:Add a secret (hidden prompt, --secret-file or --secret-stdin)' \
'list:List secrets (never their values)' \
'remove:Remove a secret by id or name' \
    )
    _describe -t commands 'syncd help webhook secret commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__webhook__subcmd__secret__subcmd__add_commands] )) ||
_syncd__subcmd__help__subcmd__webhook__subcmd__secret__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help webhook secret add commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__webhook__subcmd__secret__subcmd__list_commands] )) ||
_syncd__subcmd__help__subcmd__webhook__subcmd__secret__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help webhook secret list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__help__subcmd__webhook__subcmd__secret__subcmd__remove_commands] )) ||
_syncd__subcmd__help__subcmd__webhook__subcmd__secret__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd help webhook secret remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__init_commands] )) ||
_syncd__subcmd__init_commands() {
    local commands; commands=()
    _describe -t commands 'syncd init commands' commands "$@"
}
(( $+functions[_syncd__subcmd__mapping_commands] )) ||
_syncd__subcmd__mapping_commands() {
    local commands; commands=(
'list:List mappings' \
'add:Map a Zammad id or name to a Kimai id or name' \
'remove:Remove a mapping' \
'suggest:Propose activity and user mappings by name and email' \
'import:Add mappings from a YAML or JSON file written by \`mapping export\`' \
'export:Print all mappings (YAML, or JSON with --output json)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd mapping commands' commands "$@"
}
(( $+functions[_syncd__subcmd__mapping__subcmd__add_commands] )) ||
_syncd__subcmd__mapping__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'syncd mapping add commands' commands "$@"
}
(( $+functions[_syncd__subcmd__mapping__subcmd__export_commands] )) ||
_syncd__subcmd__mapping__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'syncd mapping export commands' commands "$@"
}
(( $+functions[_syncd__subcmd__mapping__subcmd__help_commands] )) ||
_syncd__subcmd__mapping__subcmd__help_commands() {
    local commands; commands=(
'list:List mappings' \
'add:Map a Zammad id or name to a Kimai id or name' \
'remove:Remove a mapping' \
'suggest:Propose activity and user mappings by name and email' \
'import:Add mappings from a YAML or JSON file written by \`mapping export\`' \
'export:Print all mappings (YAML, or JSON with --output json)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd mapping help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__mapping__subcmd__help__subcmd__add_commands] )) ||
_syncd__subcmd__mapping__subcmd__help__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'syncd mapping help add commands' commands "$@"
}
(( $+functions[_syncd__subcmd__mapping__subcmd__help__subcmd__export_commands] )) ||
_syncd__subcmd__mapping__subcmd__help__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'syncd mapping help export commands' commands "$@"
}
(( $+functions[_syncd__subcmd__mapping__subcmd__help__subcmd__help_commands] )) ||
_syncd__subcmd__mapping__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'syncd mapping help help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__mapping__subcmd__help__subcmd__import_commands] )) ||
_syncd__subcmd__mapping__subcmd__help__subcmd__import_commands() {
    local commands; commands=()
    _describe -t commands 'syncd mapping help import commands' commands "$@"
}
(( $+functions[_syncd__subcmd__mapping__subcmd__help__subcmd__list_commands] )) ||
_syncd__subcmd__mapping__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd mapping help list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__mapping__subcmd__help__subcmd__remove_commands] )) ||
_syncd__subcmd__mapping__subcmd__help__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd mapping help remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__mapping__subcmd__help__subcmd__suggest_commands] )) ||
_syncd__subcmd__mapping__subcmd__help__subcmd__suggest_commands() {
    local commands; commands=()
    _describe -t commands 'syncd mapping help suggest commands' commands "$@"
}
(( $+functions[_syncd__subcmd__mapping__subcmd__import_commands] )) ||
_syncd__subcmd__mapping__subcmd__import_commands() {
    local commands; commands=()
    _describe -t commands 'syncd mapping import commands' commands "$@"
}
(( $+functions[_syncd__subcmd__mapping__subcmd__list_commands] )) ||
_syncd__subcmd__mapping__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd mapping list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__mapping__subcmd__remove_commands] )) ||
_syncd__subcmd__mapping__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd mapping remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__mapping__subcmd__suggest_commands] )) ||
_syncd__subcmd__mapping__subcmd__suggest_commands() {
    local commands; commands=()
    _describe -t commands 'syncd mapping suggest commands' commands "$@"
}
(( $+functions[_syncd__subcmd__plan_commands] )) ||
_syncd__subcmd__plan_commands() {
    local commands; commands=(
'show:Print a plan file as \`sync --dry-run\` prints a plan (exit code as the dry run'\''s)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd plan commands' commands "$@"
}
(( $+functions[_syncd__subcmd__plan__subcmd__help_commands] )) ||
_syncd__subcmd__plan__subcmd__help_commands() {
    local commands; commands=(
'show:Print a plan file as \`sync --dry-run\` prints a plan (exit code as the dry run'\''s)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd plan help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__plan__subcmd__help__subcmd__help_commands] )) ||
_syncd__subcmd__plan__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'syncd plan help help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__plan__subcmd__help__subcmd__show_commands] )) ||
_syncd__subcmd__plan__subcmd__help__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd plan help show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__plan__subcmd__show_commands] )) ||
_syncd__subcmd__plan__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd plan show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__runs_commands] )) ||
_syncd__subcmd__runs_commands() {
    local commands; commands=(
'list:Recent runs, newest first' \
'show:One run in detail' \
'undo:Take a run back\: delete the timesheets it created, restore those it updated, recreate those it deleted, where Kimai still holds what it wrote' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd runs commands' commands "$@"
}
(( $+functions[_syncd__subcmd__runs__subcmd__help_commands] )) ||
_syncd__subcmd__runs__subcmd__help_commands() {
    local commands; commands=(
'list:Recent runs, newest first' \
'show:One run in detail' \
'undo:Take a run back\: delete the timesheets it created, restore those it updated, recreate those it deleted, where Kimai still holds what it wrote' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd runs help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__runs__subcmd__help__subcmd__help_commands] )) ||
_syncd__subcmd__runs__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'syncd runs help help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__runs__subcmd__help__subcmd__list_commands] )) ||
_syncd__subcmd__runs__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd runs help list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__runs__subcmd__help__subcmd__show_commands] )) ||
_syncd__subcmd__runs__subcmd__help__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd runs help show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__runs__subcmd__help__subcmd__undo_commands] )) ||
_syncd__subcmd__runs__subcmd__help__subcmd__undo_commands() {
    local commands; commands=()
    _describe -t commands 'syncd runs help undo commands' commands "$@"
}
(( $+functions[_syncd__subcmd__runs__subcmd__list_commands] )) ||
_syncd__subcmd__runs__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd runs list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__runs__subcmd__show_commands] )) ||
_syncd__subcmd__runs__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd runs show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__runs__subcmd__undo_commands] )) ||
_syncd__subcmd__runs__subcmd__undo_commands() {
    local commands; commands=()
    _describe -t commands 'syncd runs undo commands' commands "$@"
}
(( $+functions[_syncd__subcmd__schedule_commands] )) ||
_syncd__subcmd__schedule_commands() {
    local commands; commands=(
'show:Schedules with their next three runs' \
'set:Create or change a schedule (default name\: default)' \
'enable:Enable a schedule (default name\: default)' \
'disable:Disable a schedule (default name\: default)' \
'remove:Remove a schedule' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd schedule commands' commands "$@"
}
(( $+functions[_syncd__subcmd__schedule__subcmd__disable_commands] )) ||
_syncd__subcmd__schedule__subcmd__disable_commands() {
    local commands; commands=()
    _describe -t commands 'syncd schedule disable commands' commands "$@"
}
(( $+functions[_syncd__subcmd__schedule__subcmd__enable_commands] )) ||
_syncd__subcmd__schedule__subcmd__enable_commands() {
    local commands; commands=()
    _describe -t commands 'syncd schedule enable commands' commands "$@"
}
(( $+functions[_syncd__subcmd__schedule__subcmd__help_commands] )) ||
_syncd__subcmd__schedule__subcmd__help_commands() {
    local commands; commands=(
'show:Schedules with their next three runs' \
'set:Create or change a schedule (default name\: default)' \
'enable:Enable a schedule (default name\: default)' \
'disable:Disable a schedule (default name\: default)' \
'remove:Remove a schedule' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd schedule help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__schedule__subcmd__help__subcmd__disable_commands] )) ||
_syncd__subcmd__schedule__subcmd__help__subcmd__disable_commands() {
    local commands; commands=()
    _describe -t commands 'syncd schedule help disable commands' commands "$@"
}
(( $+functions[_syncd__subcmd__schedule__subcmd__help__subcmd__enable_commands] )) ||
_syncd__subcmd__schedule__subcmd__help__subcmd__enable_commands() {
    local commands; commands=()
    _describe -t commands 'syncd schedule help enable commands' commands "$@"
}
(( $+functions[_syncd__subcmd__schedule__subcmd__help__subcmd__help_commands] )) ||
_syncd__subcmd__schedule__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'syncd schedule help help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__schedule__subcmd__help__subcmd__remove_commands] )) ||
_syncd__subcmd__schedule__subcmd__help__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd schedule help remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__schedule__subcmd__help__subcmd__set_commands] )) ||
_syncd__subcmd__schedule__subcmd__help__subcmd__set_commands() {
    local commands; commands=()
    _describe -t commands 'syncd schedule help set commands' commands "$@"
}
(( $+functions[_syncd__subcmd__schedule__subcmd__help__subcmd__show_commands] )) ||
_syncd__subcmd__schedule__subcmd__help__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd schedule help show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__schedule__subcmd__remove_commands] )) ||
_syncd__subcmd__schedule__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd schedule remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__schedule__subcmd__set_commands] )) ||
_syncd__subcmd__schedule__subcmd__set_commands() {
    local commands; commands=()
    _describe -t commands 'syncd schedule set commands' commands "$@"
}
(( $+functions[_syncd__subcmd__schedule__subcmd__show_commands] )) ||
_syncd__subcmd__schedule__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'syncd schedule show commands' commands "$@"
}
(( $+functions[_syncd__subcmd__serve_commands] )) ||
_syncd__subcmd__serve_commands() {
    local commands; commands=()
    _describe -t commands 'syncd serve commands' commands "$@"
}
(( $+functions[_syncd__subcmd__sync_commands] )) ||
_syncd__subcmd__sync_commands() {
    local commands; commands=()
    _describe -t commands 'syncd sync commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook_commands] )) ||
_syncd__subcmd__webhook_commands() {
    local commands; commands=(
'secret:Webhook signature secrets (several may be active, for rotation)' \
'credential:Credentials for the optional Authorization check (Basic password or Bearer token); secrets of their own, never the signing secret' \
'install:Create or update syncd'\''s webhook and trigger in Zammad (idempotent)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd webhook commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__credential_commands] )) ||
_syncd__subcmd__webhook__subcmd__credential_commands() {
    local commands; commands=(
'add:Add a secret (hidden prompt, --secret-file or --secret-stdin)' \
'list:List secrets (never their values)' \
'remove:Remove a secret by id or name' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd webhook credential commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__credential__subcmd__add_commands] )) ||
_syncd__subcmd__webhook__subcmd__credential__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook credential add commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__credential__subcmd__help_commands] )) ||
_syncd__subcmd__webhook__subcmd__credential__subcmd__help_commands() {
    local commands; commands=(
'add:Add a secret (hidden prompt, --secret-file or --secret-stdin)' \
'list:List secrets (never their values)' \
'remove:Remove a secret by id or name' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd webhook credential help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__credential__subcmd__help__subcmd__add_commands] )) ||
_syncd__subcmd__webhook__subcmd__credential__subcmd__help__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook credential help add commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__credential__subcmd__help__subcmd__help_commands] )) ||
_syncd__subcmd__webhook__subcmd__credential__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook credential help help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__credential__subcmd__help__subcmd__list_commands] )) ||
_syncd__subcmd__webhook__subcmd__credential__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook credential help list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__credential__subcmd__help__subcmd__remove_commands] )) ||
_syncd__subcmd__webhook__subcmd__credential__subcmd__help__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook credential help remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__credential__subcmd__list_commands] )) ||
_syncd__subcmd__webhook__subcmd__credential__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook credential list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__credential__subcmd__remove_commands] )) ||
_syncd__subcmd__webhook__subcmd__credential__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook credential remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__help_commands] )) ||
_syncd__subcmd__webhook__subcmd__help_commands() {
    local commands; commands=(
'secret:Webhook signature secrets (several may be active, for rotation)' \
'credential:Credentials for the optional Authorization check (Basic password or Bearer token); secrets of their own, never the signing secret' \
'install:Create or update syncd'\''s webhook and trigger in Zammad (idempotent)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd webhook help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__help__subcmd__credential_commands] )) ||
_syncd__subcmd__webhook__subcmd__help__subcmd__credential_commands() {
    local commands; commands=(
'add:Add a secret (hidden prompt, --secret-file or --secret-stdin)' \
'list:List secrets (never their values)' \
'remove:Remove a secret by id or name' \
    )
    _describe -t commands 'syncd webhook help credential commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__help__subcmd__credential__subcmd__add_commands] )) ||
_syncd__subcmd__webhook__subcmd__help__subcmd__credential__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook help credential add commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__help__subcmd__credential__subcmd__list_commands] )) ||
_syncd__subcmd__webhook__subcmd__help__subcmd__credential__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook help credential list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__help__subcmd__credential__subcmd__remove_commands] )) ||
_syncd__subcmd__webhook__subcmd__help__subcmd__credential__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook help credential remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__help__subcmd__help_commands] )) ||
_syncd__subcmd__webhook__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook help help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__help__subcmd__install_commands] )) ||
_syncd__subcmd__webhook__subcmd__help__subcmd__install_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook help install commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__help__subcmd__secret_commands] )) ||
_syncd__subcmd__webhook__subcmd__help__subcmd__secret_commands() {
    local commands; commands=(
'add:Add a secret (hidden prompt, --secret-file or --secret-stdin)' \
'list:List secrets (never their values)' \
'remove:Remove a secret by id or name' \
    )
    _describe -t commands 'syncd webhook help secret commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__help__subcmd__secret__subcmd__add_commands] )) ||
_syncd__subcmd__webhook__subcmd__help__subcmd__secret__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook help secret add commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__help__subcmd__secret__subcmd__list_commands] )) ||
_syncd__subcmd__webhook__subcmd__help__subcmd__secret__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook help secret list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__help__subcmd__secret__subcmd__remove_commands] )) ||
_syncd__subcmd__webhook__subcmd__help__subcmd__secret__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook help secret remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__install_commands] )) ||
_syncd__subcmd__webhook__subcmd__install_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook install commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__secret_commands] )) ||
_syncd__subcmd__webhook__subcmd__secret_commands() {
    local commands; commands=(
'add:Add a secret (hidden prompt, --secret-file or --secret-stdin)' \
'list:List secrets (never their values)' \
'remove:Remove a secret by id or name' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd webhook secret commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__secret__subcmd__add_commands] )) ||
_syncd__subcmd__webhook__subcmd__secret__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook secret add commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__secret__subcmd__help_commands] )) ||
_syncd__subcmd__webhook__subcmd__secret__subcmd__help_commands() {
    local commands; commands=(
'add:Add a secret (hidden prompt, --secret-file or --secret-stdin)' \
'list:List secrets (never their values)' \
'remove:Remove a secret by id or name' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'syncd webhook secret help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__secret__subcmd__help__subcmd__add_commands] )) ||
_syncd__subcmd__webhook__subcmd__secret__subcmd__help__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook secret help add commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__secret__subcmd__help__subcmd__help_commands] )) ||
_syncd__subcmd__webhook__subcmd__secret__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook secret help help commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__secret__subcmd__help__subcmd__list_commands] )) ||
_syncd__subcmd__webhook__subcmd__secret__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook secret help list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__secret__subcmd__help__subcmd__remove_commands] )) ||
_syncd__subcmd__webhook__subcmd__secret__subcmd__help__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook secret help remove commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__secret__subcmd__list_commands] )) ||
_syncd__subcmd__webhook__subcmd__secret__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook secret list commands' commands "$@"
}
(( $+functions[_syncd__subcmd__webhook__subcmd__secret__subcmd__remove_commands] )) ||
_syncd__subcmd__webhook__subcmd__secret__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'syncd webhook secret remove commands' commands "$@"
}

if [ "$funcstack[1]" = "_syncd" ]; then
    _syncd "$@"
else
    compdef _syncd syncd
fi
