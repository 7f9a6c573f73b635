// Linux calls that Swift's Glibc module does not import (<sys/prctl.h>, GNU execvpe).
#define _GNU_SOURCE
#include "roles_anywhere_system_calls.h"

#include <unistd.h>

#include <sys/prctl.h>
#include <sys/resource.h>

int roles_anywhere_disable_dumps(void) {
    // The soft limit only: a program `exec` starts gets the hard limit back (raising a hard
    // limit needs CAP_SYS_RESOURCE); not being dumpable is what closes the process.
    struct rlimit none = {0, 0};
    if (getrlimit(RLIMIT_CORE, &none) == 0) { none.rlim_cur = 0; }
    int limited = setrlimit(RLIMIT_CORE, &none);
    int undumpable = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    return (limited == 0 && undumpable == 0) ? 0 : -1;
}

int roles_anywhere_execvpe(const char *file, char *const argv[], char *const envp[]) {
    return execvpe(file, argv, envp);
}

int roles_anywhere_is_dumpable(void) {
    return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
}
