/* cli.h — the command line's internal interface: shared helpers (cli_common.c) and one
 * entry point per subcommand. Each cmd_* takes argv starting at the subcommand's name and
 * returns the process exit status. */
#ifndef OUTAGESIM_CLI_H
#define OUTAGESIM_CLI_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "outagesim/error.h"
#include "outagesim/montecarlo.h"
#include "outagesim/scenario.h"
#include "outagesim/sim.h"

enum { EXIT_OK = 0, EXIT_CHECK = 1, EXIT_BAD = 2, EXIT_INTERRUPTED = 130 };

/* A parse_*_args result that is neither success (0) nor failure (-1): --help was printed and
 * the command exits 0. */
#define CLI_HELP 1

/* Each command's --help text (printed on stdout); the first lines are its synopsis, which the
 * global --help repeats. */
extern const char cli_help_global[], cli_help_run[], cli_help_validate[], cli_help_sweep[],
    cli_help_check[], cli_help_exact[], cli_help_fit[];

/* Prints text on stdout and returns CLI_HELP. */
int cli_help(const char *text);

/* os_scenario_load, except that path "-" reads standard input, named "<stdin>" in messages
 * (a trace file it names is then relative to the current directory); prints the scenario's
 * plausibility warnings (cli_print_warnings). */
int cli_scenario_load(const char *path, const os_override *sets, size_t n_sets, os_scenario **out,
                      os_error *err);

/* Reads all of standard input (at most limit + 1 bytes, so that the loader reports a file that
 * is too large); *data is allocated, NUL-terminated. 0, or a negative status with err set. */
int cli_read_stdin(size_t limit, char **data, size_t *size, os_error *err);

enum cli_format { FMT_TEXT, FMT_JSON, FMT_CSV, FMT_HTML };

/* "outagesim: <message>\n(see 'outagesim --help')" on stderr. */
void cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "file:line:column: message" on stderr. */
void cli_print_error(const os_error *e);

/* "outagesim: warning: file:line:column: path: message" on stderr for each warning (rank 0
 * only); warnings are printed whatever -q says (it silences progress only). */
void cli_print_warnings(const os_warnings *w);

/* Before a command's first MPI collective (os_run, os_sweep_run): every rank passes the status
 * of what it did alone so far (loading files), and all get the worst of them, so a rank that
 * failed (a file only it cannot read) never leaves the others waiting in a collective; all then
 * exit with the same status. The error of the lowest failing rank is printed (naming the rank
 * when it is not 0; err NULL: printed already). Without MPI: prints err when rc != 0 and returns
 * rc. */
int cli_agree(int rc, const os_error *err);

/* Exit status for a failed library call: 130 when interrupted, else 2. */
int cli_exit_for(int status);

/* Decimal unsigned integer, whole string; 0 or -1. */
int cli_parse_u64(const char *s, uint64_t *out);

/* "0.00001" (absolute) or "10%" (relative to unavailability); 0 or -1. */
int cli_parse_precision(const char *s, double *value, bool *relative);

/* "text" | "json" | "csv" | "html"; 0 or -1. */
int cli_parse_format(const char *s, enum cli_format *f);

/* The options every simulating command shares, by their getopt codes (which are also their
 * short options): 'r' --replications, 's' --seed, 'j' --threads, 'f' --format (text, json, csv).
 * Returns 1 when ch was one of them and its value was applied, 0 when ch is not one of them, -1 on
 * a bad value (message printed). format may be NULL for commands without --format. */
int cli_common_option(int ch, const char *arg, os_run_options *opt, enum cli_format *format);

/* Splits --set KEY=VALUE: *key is allocated (free it), *value points into arg. Returns 0, or
 * -1 with the message printed. */
int cli_split_set(const char *arg, char **key, const char **value);

/* After getopt: the one operand (argv[optind]) of command cmd, e.g. "SCENARIO", or NULL with
 * "cmd: missing WHAT" / "cmd: expected exactly one WHAT" printed. */
const char *cli_operand(int argc, char **argv, const char *cmd, const char *what);

/* "cmd: unknown or incomplete option '...'" for getopt's last, unrecognised argument. */
void cli_bad_option(char **argv, const char *cmd);

/* The --set overrides of one command line, in order (at most CLI_MAX_SETS). */
#define CLI_MAX_SETS 256
typedef struct cli_sets {
    os_override sets[CLI_MAX_SETS];
    char *keys[CLI_MAX_SETS]; /* owned */
    size_t n;
} cli_sets;

/* Adds one --set KEY=VALUE (VALUE stays in arg); 0, or -1 with the message printed. */
int cli_sets_add(cli_sets *s, const char *arg);
void cli_sets_free(cli_sets *s);

/* --format for commands that print text or JSON only; 0, or -1 with the message printed. */
int cli_parse_text_json(const char *arg, enum cli_format *format);

/* Set by SIGINT/SIGTERM (main.c); every run's os_run_options.cancel points at it. */
extern atomic_int cli_interrupted;

/* os_run_options.progress for the command line: a bar (or, with a stopping rule, the
 * replications so far) on stderr when it is a terminal; ctx is unused. */
void cli_progress(void *ctx, const os_progress *p);

/* Writes data to path atomically: path.tmp.PID in the same directory, then rename.
 * path "-" or NULL writes to standard output. Under MPI only rank 0 writes. Returns 0 or a
 * negative status (cli_output.c). */
int os_write_atomic(const char *path, const char *data, size_t len, os_error *err);

/* Two files written together (a result and its --trace): prepare writes each to its temporary
 * file, commit renames it into place (or writes stdout / a FIFO / a device then), discard
 * removes the temporary file. Prepare both, then commit both, so a failure in either leaves
 * neither written (cli_output.c). */
typedef struct cli_pending_write {
    const char *path, *data;
    size_t len;
    int slot;         /* temporary file in the pending table, or -1 */
    bool direct, skip; /* written at commit (not a regular file); not written (MPI rank > 0) */
} cli_pending_write;
int cli_write_prepare(cli_pending_write *pw, const char *path, const char *data, size_t len,
                      os_error *err);
int cli_write_commit(cli_pending_write *pw, os_error *err);
void cli_write_discard(cli_pending_write *pw);

/* True when a and b name the same file: same device and inode when both exist, else the same
 * spelling ("-" is never a file). */
bool cli_same_file(const char *a, const char *b);

/* Removes every temporary file this process is still writing (safe in a signal handler). */
void os_output_cleanup(void);

/* How many of the first replications the HTML report's incident timeline shows. */
#define CLI_HTML_TIMELINES 3

/* Re-runs one replication with an observer (timelines, traces). */
int cli_replay(const os_scenario *sc, uint64_t seed, uint64_t rep, os_observer_fn fn, void *ctx,
               os_error *err);

int cmd_run(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_sweep(int argc, char **argv); /* cli_sweep.c */
int cmd_check(int argc, char **argv); /* cli_check.c */
int cmd_exact(int argc, char **argv); /* cli_exact.c */
int cmd_fit(int argc, char **argv);   /* cli_fit.c */

#endif
