#ifndef ROLES_ANYWHERE_SYSTEM_CALLS_H
#define ROLES_ANYWHERE_SYSTEM_CALLS_H

/// Marks the process not dumpable (no core file; /proc/PID/mem and ptrace closed to the
/// user's other processes) and sets the core size limit to 0. Returns 0 on success.
int roles_anywhere_disable_dumps(void);

/// Whether the process is dumpable (prctl PR_GET_DUMPABLE): 1, 0, or -1 on error.
int roles_anywhere_is_dumpable(void);

/// execvpe(3): runs `file` (searched on PATH) with `argv` and `envp`; returns only on failure.
int roles_anywhere_execvpe(const char *file, char *const argv[], char *const envp[]);

#endif
