/* The manual page superpose(1), written from the program's own tables: the commands and their
 * flags as --help lists them (with ranges and defaults), and the window's keys as its help
 * overlay lists them, so the page cannot say something the program does not. */
#ifndef SUPERPOSE_APP_MANPAGE_H
#define SUPERPOSE_APP_MANPAGE_H

#include <stdbool.h>
#include <stdio.h>

/* Writes the page as man(7) source; false when a write failed. */
bool manpage_write(FILE *f, const char *version);

#endif
