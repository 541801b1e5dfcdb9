/* `superpose bench`: training throughput for the standard configurations, one thread and all
 * threads, and the window's frame time while training runs. */
#ifndef SUPERPOSE_APP_BENCH_H
#define SUPERPOSE_APP_BENCH_H

struct cli_options;

int bench_run(const struct cli_options *o);

#endif
