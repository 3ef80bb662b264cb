// The command line: `waggle serve|keys|traces|load|version`. Each verb's
// flags are declared here and its work done in its own file.
#pragma once

namespace waggle::cli {

// Parses argv and runs the chosen verb; returns the process exit code.
int Main(int argc, char** argv);

}  // namespace waggle::cli
