#!/usr/bin/env zsh
# Prints the words zsh completes for a command line, one per line:
#   zsh -f zsh_complete.zsh DIR 'searcher --for'
# DIR holds the completion functions (_searcher). Runs an interactive zsh in
# a pseudo-terminal (zpty), types the line and Tab, and records what the
# completion functions hand to compadd.
zmodload zsh/zpty || exit 2
zpty z zsh -f -i
zpty -w z "PS1=''; PS2=''; fpath=(${(q)1} \$fpath)"
zpty -w z 'autoload -Uz compinit && compinit -u -D'
zpty -w z 'compadd () { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; typeset -a hits; builtin compadd -A hits "$@"; local h; for h in $hits; do print -r -- "HIT""<$h>"; done; builtin compadd "$@"; }'
zpty -w -n z "$2"$'\t'
sleep 0.5
zpty -w z $'\C-u'
zpty -w z 'print DONE$((6*7))'
out=
for i in {1..100}; do
  chunk=
  zpty -r -t z chunk && out+=$chunk
  [[ $out == *DONE42* ]] && break
  sleep 0.1
done
zpty -d z
print -r -- "$out" | tr -d '\r' | grep -o 'HIT<[^>]*>' | sed 's/^HIT<//; s/>$//' | sort -u
