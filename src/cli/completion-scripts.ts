// The scripts `kubectl diag completion bash|zsh|fish` prints, for `kubectl-diag …<TAB>` run on its own.
// (`kubectl diag …<TAB>` needs none of them: kubectl's own completion runs kubectl_complete-diag.) Each
// asks `kubectl-diag __complete WORD… CURRENT` and reads cobra's protocol: a candidate a line, a tab
// before its description, and `:<directive>` last (1 error, 2 no space after, 4 no file names).

// In these String.raw texts `${'$'}{` is a literal `${` (the one sequence a template would interpolate).

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = String.raw`# bash completion for kubectl-diag (kubectl diag completion bash)
# Load it in this shell:  source <(kubectl-diag completion bash)
_kubectl_diag_complete() {
    local cur words cword
    if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
        _get_comp_words_by_ref -n =: cur words cword
    else
        # Without bash-completion: the words up to the cursor, split at blanks only (not at = or :).
        local line="${'$'}{COMP_LINE:0:COMP_POINT}"
        read -ra words <<<"$line"
        [[ $line == *[[:blank:]] || ${'$'}{#words[@]} -eq 0 ]] && words+=("")
        cword=$((${'$'}{#words[@]} - 1))
        cur="${'$'}{words[cword]}"
    fi
    local out line directive=0
    local -a candidates=()
    out=$("${'$'}{words[0]}" __complete "${'$'}{words[@]:1:cword-1}" "$cur" 2>/dev/null) || return 0
    while IFS='' read -r line; do
        [[ -z $line ]] && continue
        if [[ $line =~ ^:[0-9]+$ ]]; then
            directive=${'$'}{line#:}
            continue
        fi
        candidates+=("${'$'}{line%%$'\t'*}")
    done <<<"$out"
    COMPREPLY=()
    ((directive & 1)) && return 0
    ((directive & 2)) && compopt -o nospace 2>/dev/null
    if ((${'$'}{#candidates[@]} == 0)); then
        ((directive & 4)) || compopt -o default 2>/dev/null
        return 0
    fi
    local c
    for c in "${'$'}{candidates[@]}"; do
        [[ $c == "$cur"* ]] && COMPREPLY+=("$c")
    done
    # bash splits words at '=' and ':': it replaces only what follows the last of them.
    local head="${'$'}{cur%"${'$'}{cur##*[=:]}"}"
    if [[ -n $head && $COMP_WORDBREAKS == *"${'$'}{head: -1}"* ]]; then
        COMPREPLY=("${'$'}{COMPREPLY[@]#"$head"}")
    fi
}
complete -o default -F _kubectl_diag_complete kubectl-diag
`;

const ZSH = String.raw`#compdef kubectl-diag
# zsh completion for kubectl-diag (kubectl diag completion zsh)
# Load it in this shell:  source <(kubectl-diag completion zsh)   (after compinit)
_kubectl_diag() {
    local -a lines candidates
    local line name desc directive=0
    lines=("${'$'}{(@f)$(${'$'}{words[1]} __complete "${'$'}{(@)words[2,CURRENT]}" 2>/dev/null)}")
    for line in "${'$'}{lines[@]}"; do
        [[ -z $line ]] && continue
        if [[ $line == :<-> ]]; then
            directive=${'$'}{line#:}
            continue
        fi
        name=${'$'}{line%%$'\t'*}
        desc=''
        [[ $name != "$line" ]] && desc=${'$'}{line#*$'\t'}
        candidates+=("${'$'}{name//:/\\:}${'$'}{desc:+:$desc}")
    done
    ((directive & 1)) && return 1
    if ((${'$'}{#candidates} == 0)); then
        ((directive & 4)) && return 1
        _files
        return
    fi
    if ((directive & 2)); then
        _describe -t values kubectl-diag candidates -S ''
    else
        _describe -t values kubectl-diag candidates
    fi
}
if [[ ${'$'}{funcstack[1]} == _kubectl_diag ]]; then
    _kubectl_diag "$@"
else
    compdef _kubectl_diag kubectl-diag
fi
`;

const FISH = String.raw`# fish completion for kubectl-diag (kubectl diag completion fish)
# Load it in this shell:  kubectl-diag completion fish | source
function __kubectl_diag_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    set -l out (command $words[1] __complete $words[2..-1] $current 2>/dev/null)
    set -l directive 0
    if test (count $out) -gt 0; and string match -qr '^:[0-9]+$' -- $out[-1]
        set directive (string sub -s 2 -- $out[-1])
        set -e out[-1]
    end
    if test (math "bitand($directive, 1)") -ne 0
        return
    end
    set -l shown 0
    for line in $out
        if test -n "$line"
            echo $line
            set shown 1
        end
    end
    if test $shown -eq 0; and test (math "bitand($directive, 4)") -eq 0
        __fish_complete_path $current
    end
end
complete -c kubectl-diag -f -a '(__kubectl_diag_complete)'
`;

export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}
