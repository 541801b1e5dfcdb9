#include "completion.h"

#include <string.h>

#include "cli.h"

/* The flags of command c, space-separated; then the two every command takes. */
static void flag_words(FILE *f, enum cli_command c)
{
    struct cli_flag_doc d;
    for (int i = 0; cli_flag_doc(c, i, &d); i++)
        fprintf(f, "--%s ", d.name);
    fputs("--help --version", f);
}

/* Flags taking a value, as a case pattern ("--out|--screenshot-dir"): directories when dirs,
 * else the others. Names are shared across commands, so each is listed once. */
static void value_pattern(FILE *f, bool dirs)
{
    const char *seen[64];
    int count = 0;
    for (int c = CLI_WINDOW; c <= CLI_VERSION; c++) {
        struct cli_flag_doc d;
        for (int i = 0; cli_flag_doc((enum cli_command)c, i, &d); i++) {
            bool dup = false;
            for (int k = 0; k < count && !dup; k++)
                dup = strcmp(seen[k], d.name) == 0;
            if (dup || !d.metavar || d.directory != dirs || count == 64)
                continue;
            fprintf(f, "%s--%s", count ? "|" : "", d.name);
            seen[count++] = d.name;
        }
    }
}

bool completion_write_bash(FILE *f)
{
    fputs("# bash completion for superpose(1), written by superpose-docgen from the program's "
          "command and\n# flag tables (src/app/cli.c, settings.c): edit those rather than "
          "this file.\n\n"
          "_superpose()\n{\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd=\n"
          "    [ \"$COMP_CWORD\" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
          "    # --flag=value: bash splits the word at '='.\n"
          "    if [ \"$cur\" = \"=\" ]; then\n"
          "        cur=\n"
          "    elif [ \"$prev\" = \"=\" ] && [ \"$COMP_CWORD\" -gt 1 ]; then\n"
          "        prev=${COMP_WORDS[COMP_CWORD-2]}\n"
          "    fi\n"
          "    case $prev in\n    ", f);
    value_pattern(f, true);
    fputs(")\n"
          "        compopt -o filenames 2>/dev/null\n"
          "        COMPREPLY=($(compgen -d -- \"$cur\"))\n"
          "        return 0 ;;\n    ", f);
    value_pattern(f, false);
    fputs(")\n"
          "        COMPREPLY=()\n"
          "        return 0 ;;\n"
          "    esac\n"
          "    # The command, if any, is the first word.\n"
          "    [ \"$COMP_CWORD\" -gt 1 ] && cmd=${COMP_WORDS[1]}\n"
          "    local words\n"
          "    case $cmd in\n", f);
    for (int c = CLI_TRAIN; c <= CLI_VERSION; c++) {
        struct cli_command_doc d;
        cli_command_doc((enum cli_command)c, &d);
        fprintf(f, "    %s) words='", d.name);
        flag_words(f, (enum cli_command)c);
        fputs("' ;;\n", f);
    }
    fputs("    *) words='", f);
    flag_words(f, CLI_WINDOW);
    fputs("' ;;\n"
          "    esac\n"
          "    if [ \"$COMP_CWORD\" -eq 1 ] && [ \"${cur#-}\" = \"$cur\" ]; then\n"
          "        words='", f);
    for (int c = CLI_TRAIN; c <= CLI_VERSION; c++) {
        struct cli_command_doc d;
        cli_command_doc((enum cli_command)c, &d);
        fprintf(f, "%s%s", c == CLI_TRAIN ? "" : " ", d.name);
    }
    fputs("'\n"
          "    fi\n"
          "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
          "}\n"
          "complete -F _superpose superpose\n", f);
    return fflush(f) == 0 && !ferror(f);
}
