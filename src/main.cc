// The waggle binary: every verb lives in cli/.
#include "cli/cli.h"

int main(int argc, char** argv) { return waggle::cli::Main(argc, argv); }
