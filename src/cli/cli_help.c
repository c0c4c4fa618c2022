/* cli_help.c — the text of `outagesim --help` and of every `outagesim CMD --help`, kept in one
 * place so that the synopses, docs/cli.md and docs/outagesim.1 are easy to compare. */
#include <stdio.h>

#include "cli.h"

#define SYN_RUN                                                                                    \
    "  outagesim run SCENARIO [-r N] [-s S] [-j T] [--set KEY=VALUE]...\n"                         \
    "                [--format text|json|csv|html] [-o FILE] [--trace FILE]\n"                     \
    "                [--trace-replications LIST] [-q]\n"                                           \
    "                [--precision X|X%] [--until-verdict] [--max-replications N]\n"
#define SYN_SWEEP                                                                                  \
    "  outagesim sweep SCENARIO --vary KEY=V1,V2,... [--vary ...] [--set KEY=VALUE]...\n"          \
    "                  [-r N] [-s S] [-j T] [--exact] [-q]\n"                                      \
    "                  [--format text|json|csv|html] [-o FILE] [--precision X|X%]\n"               \
    "                  [--until-verdict] [--max-replications N]\n"
#define SYN_CHECK                                                                                  \
    "  outagesim check SCENARIO --baseline FILE [--junit FILE] [--tolerance DUR] [--update]\n"     \
    "                  [--format text|json|html] [-o FILE] [-j T] [-q]\n"
#define SYN_VALIDATE "  outagesim validate SCENARIO...\n"
#define SYN_EXACT "  outagesim exact SCENARIO [--set KEY=VALUE]... [--format text|json] [-o FILE]\n"
#define SYN_FIT "  outagesim fit TRACE.csv [--by zone|region] [--format text|json] [-o FILE]\n"

#define STDIN_NOTE                                                                                 \
    "SCENARIO '-' reads the scenario from standard input; messages then name <stdin>, and a\n"     \
    "relative failures.trace.file is taken from the current directory.\n"

#define COMMON_OPTS                                                                                \
    "  -r, --replications N  number of Monte Carlo replications (default: the scenario's)\n"       \
    "  -s, --seed S          random seed (default: the scenario's, else 1)\n"                      \
    "  -j, --threads T       worker threads (default: the number of cores)\n"                      \
    "      --set KEY=VALUE   override a scenario value by path, e.g. computes.web.instances=9\n"   \
    "      --format F        text (default), json (docs/json.md), csv, or html (one\n"             \
    "                        self-contained page with charts, docs/html-report.md)\n"              \
    "  -o, --output FILE     write the result to FILE atomically instead of standard output\n"     \
    "  -q, --quiet           no progress on standard error\n"                                      \
    "      --precision X     run until every availability interval's half-width is at most X,\n"   \
    "                        or X% of the unavailability (in batches of simulation.batch)\n"       \
    "      --until-verdict   run until no availability verdict is uncertain\n"                     \
    "      --max-replications N  upper bound for --precision and --until-verdict\n"

#define HELP_LINE "  -h, --help            this help\n"

const char cli_help_global[] =
    "usage:\n" SYN_RUN SYN_SWEEP SYN_CHECK SYN_VALIDATE SYN_EXACT SYN_FIT "  outagesim CMD --help\n"
    "  outagesim -h | --help | -V | --version\n"
    "\n"
    "commands:\n"
    "  run        simulate the scenario and report availability, RTO and RPO per connection\n"
    "  sweep      run every combination of the --vary values (first key outermost) with the\n"
    "             same seed; side-by-side table, JSON or CSV; marks the cheapest passing one\n"
    "  check      re-run a scenario against a saved JSON result and report regressions\n"
    "  validate   check scenario files strictly; print 'FILE: ok' or the first error\n"
    "  exact      exact steady-state availability, outage frequency and duration (no\n"
    "             simulation) for connections whose state follows from renewal theory\n"
    "  fit        fit time-to-failure and time-to-repair distributions to an incident trace\n"
    "             (maximum likelihood, AIC, KS); prints the best as a failures: block\n"
    "\n"
    "'outagesim CMD --help' lists a command's options. " STDIN_NOTE
    "Reference: docs/cli.md, docs/scenario-format.md, docs/json.md, man outagesim.\n"
    "\n"
    "exit status: 0 done, 1 a check found a regression, 2 bad usage or bad scenario,\n"
    "130 interrupted\n";

const char cli_help_run[] =
    "usage:\n" SYN_RUN "\n"
    "Simulate SCENARIO over many replications and report, per connection, availability,\n"
    "downtime, SLA windows and control-plane availability, and for the connection service RTO,\n"
    "RPO and lost writes, each with a 95% confidence interval and a verdict against the\n"
    "targets. The text report ends with the timeline of the worst incident.\n"
    "\n"
    "options:\n" COMMON_OPTS
    "      --trace FILE      write every state change as JSON lines (all replications, or\n"
    "                        those given by --trace-replications)\n"
    "      --trace-replications LIST  replications to trace, e.g. 0,2-4\n" HELP_LINE "\n" STDIN_NOTE
    "exit status: 0 done, 2 bad usage or bad scenario (nothing written), 130 interrupted\n";

const char cli_help_sweep[] =
    "usage:\n" SYN_SWEEP "\n"
    "Run SCENARIO once for every combination of the --vary values (the first key outermost),\n"
    "every point with the same seed, and print a side-by-side table (or JSON, CSV) that marks\n"
    "the cheapest point meeting every target.\n"
    "\n"
    "options:\n"
    "      --vary KEY=V1,V2  the values of one scenario key (repeat for a cross product)\n"
    "      --exact           exact steady-state answers instead of simulation\n" COMMON_OPTS
        HELP_LINE "\n" STDIN_NOTE
    "exit status: 0 done, 2 bad usage or bad scenario (nothing written), 130 interrupted\n";

const char cli_help_check[] =
    "usage:\n" SYN_CHECK "\n"
    "Re-run SCENARIO with the seed and replication count of a saved result (the JSON of\n"
    "'outagesim run --format json') and compare them figure by figure: a target now missed\n"
    "fails, and so does a figure clearly worse than the baseline (docs/cli.md has the rules).\n"
    "\n"
    "options:\n"
    "      --baseline FILE   the saved result (required)\n"
    "      --junit FILE      also write the comparison as JUnit XML\n"
    "      --tolerance DUR   RTO/RPO changes up to DUR are not regressions (default 0)\n"
    "      --update          rewrite (or create) the baseline from this run; exit 0\n"
    "      --format F        text (default), json (docs/json.md), or html (a page with every\n"
    "                        figure's baseline and new interval, regressions highlighted;\n"
    "                        docs/html-report.md)\n"
    "  -o, --output FILE     write the result to FILE atomically instead of standard output\n"
    "  -j, --threads T       worker threads (default: the number of cores)\n"
    "  -q, --quiet           no progress on standard error\n" HELP_LINE "\n" STDIN_NOTE
    "exit status: 0 no regression, 1 a target missed or a regression, 2 bad usage, bad\n"
    "scenario or a baseline that does not match the scenario, 130 interrupted\n";

const char cli_help_validate[] =
    "usage:\n" SYN_VALIDATE "\n"
    "Load and check every SCENARIO strictly (unknown keys, types, ranges, references) and print\n"
    "'FILE: ok (...)' or the first error as FILE:LINE:COLUMN: PATH: MESSAGE.\n"
    "\n"
    "options:\n" HELP_LINE "\n" STDIN_NOTE
    "exit status: 0 every scenario is valid, 2 one is not (or bad usage)\n";

const char cli_help_exact[] =
    "usage:\n" SYN_EXACT "\n"
    "Exact steady-state availability, outage frequency, mean outage and downtime per year for\n"
    "every connection in the exact class (exponential failures and repairs, independent\n"
    "components); no simulation. Connections outside the class are named with the reason.\n"
    "\n"
    "options:\n"
    "      --set KEY=VALUE   override a scenario value by path\n"
    "      --format F        text (default) or json (docs/json.md)\n"
    "  -o, --output FILE     write the result to FILE atomically instead of standard "
    "output\n" HELP_LINE "\n" STDIN_NOTE
    "exit status: 0 done, 2 bad usage, bad scenario or no connection in the exact class\n";

const char cli_help_fit[] =
    "usage:\n" SYN_FIT "\n"
    "Fit exponential, Weibull, lognormal and gamma distributions by maximum likelihood to the\n"
    "times between outages and the outage durations of an incident trace (CSV: start,\n"
    "duration, region, zone), rank them by AIC, give the KS distance, and print the best ones as "
    "a\n"
    "failures: block ready to paste into a scenario.\n"
    "\n"
    "options:\n"
    "      --by zone|region  one entity per zone (default) or per region\n"
    "      --format F        text (default) or json\n"
    "  -o, --output FILE     write the result to FILE atomically instead of standard "
    "output\n" HELP_LINE "\n"
    "exit status: 0 done, 2 bad usage or bad trace\n";

int cli_help(const char *text)
{
    fputs(text, stdout);
    return CLI_HELP;
}
