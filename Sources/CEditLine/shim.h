#ifndef AEGIS_CEDITLINE_SHIM_H
#define AEGIS_CEDITLINE_SHIM_H
// libedit (BSD editline) for the REPL. <editline/readline.h> is libedit's own readline header:
// <readline/readline.h> may be GNU readline's. el_set(), el_get() and history() are variadic,
// and stdin/stdout/stderr are mutable C globals, so Swift reaches them through these wrappers.
#include <stdio.h>
#include <wchar.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <editline/readline.h>
#include <histedit.h>

/// The C standard streams (mutable globals Swift 6 cannot read directly).
static inline FILE *aegis_stdin(void) { return stdin; }
static inline FILE *aegis_stdout(void) { return stdout; }
static inline FILE *aegis_stderr(void) { return stderr; }

/// Columns of the terminal on `fd`, or 0 when it is not a terminal.
static inline int aegis_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}

/// Terminal cells a character takes (wcwidth is hidden by glibc's default feature macros).
extern int wcwidth(wchar_t character);
static inline int aegis_wcwidth(unsigned int character) { return wcwidth((wchar_t)character); }

typedef char *(*aegis_prompt_function)(EditLine *);
typedef unsigned char (*aegis_key_function)(EditLine *, int);

static inline int aegis_el_set_prompt(EditLine *el, aegis_prompt_function prompt) {
    return el_set(el, EL_PROMPT, prompt);
}
static inline int aegis_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int aegis_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int aegis_el_set_history(EditLine *el, History *history_state) {
    return el_set(el, EL_HIST, history, history_state);
}
static inline int aegis_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline void *aegis_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
/// Registers `function` under `name` and binds `key` (e.g. "^I") to it.
static inline int aegis_el_bind_function(
    EditLine *el, const char *name, const char *help, aegis_key_function function, const char *key) {
    if (el_set(el, EL_ADDFN, name, help, function) != 0) return -1;
    return el_set(el, EL_BIND, key, name, NULL);
}
/// Turns off ISIG while editing: ^C then reaches the editor as a key instead of a signal.
static inline int aegis_el_keys_not_signals(EditLine *el) {
    return el_set(el, EL_SETTY, "-d", "-isig", NULL);
}

static inline int aegis_history_setsize(History *h, int size) {
    HistEvent event;
    return history(h, &event, H_SETSIZE, size);
}
static inline int aegis_history_setunique(History *h, int unique) {
    HistEvent event;
    return history(h, &event, H_SETUNIQUE, unique);
}
static inline int aegis_history_enter(History *h, const char *line) {
    HistEvent event;
    return history(h, &event, H_ENTER, line);
}
static inline int aegis_history_load(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_LOAD, path);
}
static inline int aegis_history_save(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_SAVE, path);
}
#endif
