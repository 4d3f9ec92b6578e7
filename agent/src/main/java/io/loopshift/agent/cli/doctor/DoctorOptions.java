package io.loopshift.agent.cli.doctor;

import java.nio.file.Path;
import java.nio.file.Paths;

/** The doctor's command line: {@code [--json] [--proc DIR] [--help]}. */
record DoctorOptions(boolean json, Path procRoot, boolean help) {
    static final Path DEFAULT_PROC = Paths.get("/proc");

    static DoctorOptions parse(String[] args) throws DoctorException {
        boolean json = false;
        boolean help = false;
        Path procRoot = DEFAULT_PROC;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json":
                    json = true;
                    break;
                case "--proc":
                    if (i + 1 >= args.length) {
                        throw new DoctorException("--proc needs a directory laid out like /proc, e.g. --proc /proc");
                    }
                    procRoot = Paths.get(args[++i]);
                    break;
                case "--help":
                case "-h":
                    help = true;
                    break;
                default:
                    throw new DoctorException("unknown option '" + args[i] + "' (expected --json, --proc DIR or --help)");
            }
        }
        return new DoctorOptions(json, procRoot, help);
    }
}
