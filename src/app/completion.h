/* Shell completion for superpose, written from the command and flag tables that --help is
 * written from: the commands, each command's flags, and which flags take a value (a
 * directory's name completes as one). */
#ifndef SUPERPOSE_APP_COMPLETION_H
#define SUPERPOSE_APP_COMPLETION_H

#include <stdbool.h>
#include <stdio.h>

/* Writes a bash completion script (plain bash: no bash-completion helpers needed); false when
 * a write failed. */
bool completion_write_bash(FILE *f);

#endif
