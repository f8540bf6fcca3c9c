// The `fairlabel` binary: every subcommand lives in src/cli/.
#include "cli/commands.h"

int main(int argc, char** argv) { return fairlabel::cli::run(argc, argv); }
