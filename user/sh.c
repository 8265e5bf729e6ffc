/*
 * sh: a small shell for tide's console.
 *
 *   sh            reads commands from fd 0 after the prompt "tide$ "
 *   sh -c LINE    runs one command line and exits with its status
 *
 * A line is words separated by blanks; "double" or 'single' quotes make one
 * word of several, and # starts a comment.  Commands may be joined by |
 * and take < file, > file and >> file.  A command name without '/' is
 * looked up in /bin.  The builtins (see the table below) run in the shell
 * itself.  A command that does not exit with 0 is followed by a line
 * "[exit N]" or "[killed by signal N (SIGSEGV)]".
 *
 * tide's console delivers raw keystrokes and does not echo them, so the
 * shell echoes what it reads and does the line editing: backspace/DEL,
 * Ctrl-U (erase the line), Ctrl-C (drop it), Ctrl-D on an empty line or
 * end of input (exit 0); arrow keys are ignored.  (In a Linux terminal,
 * which echoes by itself, run `stty raw -echo` first.)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define LINE_SIZE  512
#define MAX_TOKENS 64
#define MAX_CMDS   8
#define PROMPT	   "tide$ "

/* reboot(2)'s magic numbers and command, from <linux/reboot.h>. */
#define REBOOT_MAGIC1	0xfee1dead
#define REBOOT_MAGIC2	672274793
#define REBOOT_POWEROFF 0x4321fedc

enum token_kind { TOK_WORD, TOK_IN, TOK_OUT, TOK_APPEND, TOK_PIPE };

struct token {
	enum token_kind kind;
	char *text; /* the word, or the operator as typed */
};

/* One command of a pipeline: its words and its redirections. */
struct command {
	char *argv[MAX_TOKENS + 1];
	int argc;
	const char *in, *out; /* file names, or NULL */
	int append;	      /* >> rather than > */
};

extern char **environ;

static int last_status; /* wait status of the last command */

/* ---- reading a line from the raw console ------------------------------ */

static void echo(const char *s, size_t len)
{
	if (write(1, s, len) < 0)
		return; /* nothing sensible to do about a broken console */
}

/*
 * Reads one line into line (size bytes, NUL-terminated), echoing and
 * editing as described at the top.  Returns its length, or -1 at end of
 * input (read() returned 0, or Ctrl-D on an empty line).
 */
static int read_line(char *line, size_t size)
{
	static int after_cr; /* swallow the \n of a \r\n pair */
	size_t len = 0;
	int escape = 0; /* 1 after ESC, 2 inside ESC [ ... */

	for (;;) {
		unsigned char c;
		ssize_t n = read(0, &c, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (len == 0)
				return -1;
			c = '\n'; /* a last line without a newline */
		}
		if (escape == 1) {
			escape = (c == '[' || c == 'O') ? 2 : 0;
			continue;
		}
		if (escape == 2) {
			if (c >= 0x40 && c <= 0x7e)
				escape = 0; /* the sequence's last byte */
			continue;
		}
		if (c == '\n' && after_cr) {
			after_cr = 0;
			continue;
		}
		after_cr = (c == '\r');
		switch (c) {
		case '\r':
		case '\n':
			echo("\n", 1);
			line[len] = '\0';
			return (int)len;
		case 0x7f: /* DEL, what most terminals send for backspace */
		case '\b':
			if (len > 0) {
				len--;
				echo("\b \b", 3);
			}
			break;
		case 0x15: /* Ctrl-U */
			for (; len > 0; len--)
				echo("\b \b", 3);
			break;
		case 0x03: /* Ctrl-C */
			echo("^C\n", 3);
			line[0] = '\0';
			return 0;
		case 0x04: /* Ctrl-D */
			if (len == 0)
				return -1;
			break;
		case 0x1b:
			escape = 1;
			break;
		default:
			if (c == '\t')
				c = ' ';
			if (c >= 0x20 && c < 0x7f && len + 1 < size) {
				line[len++] = (char)c;
				echo((char *)&c, 1);
			}
		}
	}
}

/* ---- splitting and parsing ---------------------------------------------- */

/*
 * Splits line into tokens, copying the words into store (at least as big
 * as line).  Returns the number of tokens, or -1 after a message.
 */
static int tokenize(const char *line, char *store, struct token *tok)
{
	int n = 0;

	for (const char *p = line;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0' || *p == '#')
			return n;
		if (n == MAX_TOKENS) {
			fprintf(stderr, "sh: too many words\n");
			return -1;
		}
		tok[n].text = store;
		if (*p == '|' || *p == '<' || *p == '>') {
			int append = (p[0] == '>' && p[1] == '>');

			tok[n].kind = *p == '|'	  ? TOK_PIPE
				      : *p == '<' ? TOK_IN
				      : append	  ? TOK_APPEND
						  : TOK_OUT;
			store += sprintf(store, "%.*s", append ? 2 : 1, p) + 1;
			p += append ? 2 : 1;
			n++;
			continue;
		}
		tok[n].kind = TOK_WORD;
		while (*p && !strchr(" |<>", *p)) {
			if (*p == '"' || *p == '\'') {
				const char *close = strchr(p + 1, *p);

				if (!close) {
					fprintf(stderr, "sh: missing %c\n", *p);
					return -1;
				}
				memcpy(store, p + 1, (size_t)(close - p - 1));
				store += close - p - 1;
				p = close + 1;
			} else {
				*store++ = *p++;
			}
		}
		*store++ = '\0';
		n++;
	}
}

static int syntax_error(const struct token *t)
{
	fprintf(stderr, "sh: syntax error near '%s'\n", t->text);
	return -1;
}

/*
 * Groups tokens into the commands of a pipeline.  Returns how many, 0 for
 * an empty line, or -1 after a message about a syntax error.
 */
static int parse(struct token *tok, int ntok, struct command *cmd)
{
	int ncmd = 0;

	if (ntok == 0)
		return 0;
	memset(&cmd[0], 0, sizeof(cmd[0]));
	for (int i = 0; i < ntok; i++) {
		struct command *c = &cmd[ncmd];

		switch (tok[i].kind) {
		case TOK_WORD:
			c->argv[c->argc++] = tok[i].text;
			break;
		case TOK_PIPE:
			if (c->argc == 0 || i + 1 == ntok)
				return syntax_error(&tok[i]);
			if (++ncmd == MAX_CMDS) {
				fprintf(stderr, "sh: pipeline too long\n");
				return -1;
			}
			memset(&cmd[ncmd], 0, sizeof(cmd[0]));
			break;
		default: /* a redirection takes the next word */
			if (i + 1 == ntok || tok[i + 1].kind != TOK_WORD)
				return syntax_error(&tok[i]);
			if (tok[i].kind == TOK_IN) {
				c->in = tok[++i].text;
			} else {
				c->out = tok[++i].text;
				c->append = (tok[i - 1].kind == TOK_APPEND);
			}
		}
	}
	if (cmd[ncmd].argc == 0) {
		fprintf(stderr, "sh: a redirection needs a command\n");
		return -1;
	}
	return ncmd + 1;
}

/* ---- builtins ------------------------------------------------------------ */

static int builtin_cd(int argc, char **argv);
static int builtin_pwd(int argc, char **argv);
static int builtin_exit(int argc, char **argv);
static int builtin_help(int argc, char **argv);
static int builtin_status(int argc, char **argv);
static int builtin_poweroff(int argc, char **argv);

static const struct builtin {
	const char *name;
	int (*fn)(int argc, char **argv); /* returns an exit code */
	const char *help;
} builtins[] = {
    {"cd", builtin_cd, "cd [dir]      change directory (default /)"},
    {"pwd", builtin_pwd, "pwd           print the current directory"},
    {"exit", builtin_exit, "exit [n]      leave the shell"},
    {"help", builtin_help, "help          this list"},
    {"status", builtin_status, "status        how the last command ended"},
    {"poweroff", builtin_poweroff, "poweroff      turn the machine off"},
};

#define NBUILTINS (sizeof(builtins) / sizeof(builtins[0]))

/* What help says about the programs we ship; others are listed bare. */
static const struct {
	const char *name, *what;
} programs[] = {
    {"cat", "print files"},
    {"echo", "print its arguments"},
    {"false", "exit with status 1"},
    {"free", "memory in use and free (/proc/meminfo)"},
    {"hexdump", "bytes of a file in hex and ASCII (-n N: first N)"},
    {"init", "the first process (PID 1): starts this shell"},
    {"ls", "list a directory (-l: mode and size)"},
    {"maps", "the mappings of a process (/proc/PID/maps)"},
    {"mkdir", "make directories"},
    {"ps", "the processes (/proc/PID/status)"},
    {"rm", "remove files (-r: directories too)"},
    {"sh", "this shell"},
    {"sleep", "wait N seconds"},
    {"strace", "run a program, printing its system calls (strace PROG)"},
    {"true", "exit with status 0"},
    {"uname", "system name, release and machine"},
    {"vmmap", "mappings of a process with their pages in memory"},
    {"exp_brk", "experiment: brk moves the break by 128 bytes"},
    {"exp_heap_maps",
     "experiment: [heap] ends at the break rounded up to a page"},
    {"exp_mmap", "experiment: mmap/munmap of 20 bytes work on a page"},
    {"exp_dontneed",
     "experiment: MADV_DONTNEED drops private changes, not shared"},
    {"exp_brk_hole",
     "experiment: madvise frees the middle of the heap, brk the top"},
    {"exp_malloc", "experiment: malloc's brk, mmap, munmap and madvise"},
    {"seed_brk", "the seed post's brk program, unchanged"},
    {"seed_brk_maps", "the seed post's brk + /proc/self/maps program"},
    {"seed_mmap", "the seed post's mmap/munmap program"},
    {"seed_madvise_dontneed", "TLPI's MADV_DONTNEED program (needs FILE)"},
};

static const struct builtin *find_builtin(const char *name)
{
	for (size_t i = 0; i < NBUILTINS; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return &builtins[i];
	return NULL;
}

static int builtin_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/";

	if (chdir(dir) != 0) {
		fprintf(stderr, "cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	return 0;
}

static int builtin_pwd(int argc, char **argv)
{
	char buf[512];

	(void)argc;
	(void)argv;
	if (!getcwd(buf, sizeof(buf))) {
		fprintf(stderr, "pwd: %s\n", strerror(errno));
		return 1;
	}
	printf("%s\n", buf);
	return 0;
}

/* The exit code a wait status stands for: the code, or 128 + signal. */
static int exit_code(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int builtin_exit(int argc, char **argv)
{
	fflush(stdout);
	exit(argc > 1 ? atoi(argv[1]) : exit_code(last_status));
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints one program of /bin with what it does, if we know. */
static void help_program(const char *name)
{
	for (size_t i = 0; i < sizeof(programs) / sizeof(programs[0]); i++) {
		if (strcmp(programs[i].name, name) == 0) {
			printf("  %-22s %s\n", name, programs[i].what);
			return;
		}
	}
	printf("  %s\n", name);
}

static int builtin_help(int argc, char **argv)
{
	char *sorted[128];
	struct dirent *de;
	DIR *dir;
	int n = 0;

	(void)argc;
	(void)argv;
	printf("Builtins:\n");
	for (size_t i = 0; i < NBUILTINS; i++)
		printf("  %s\n", builtins[i].help);
	printf(
	    "Programs in /bin (cmd > file, cmd < file, cmd1 | cmd2 work):\n");
	dir = opendir("/bin");
	if (!dir) {
		printf("  (cannot read /bin: %s)\n", strerror(errno));
		return 1;
	}
	while ((de = readdir(dir)) && n < 128) {
		if (de->d_name[0] == '.')
			continue;
		sorted[n] = strdup(de->d_name);
		if (sorted[n])
			n++;
	}
	closedir(dir);
	qsort(sorted, n, sizeof(sorted[0]), by_name);
	for (int i = 0; i < n; i++) {
		help_program(sorted[i]);
		free(sorted[i]);
	}
	printf("The exp_* experiments show how a process gets memory from the "
	       "kernel and gives it\nback (brk, mmap, munmap, madvise): each "
	       "says what it does before each step\nand draws which pages are "
	       "in memory.  vmmap draws the same for any process.\n");
	return 0;
}

/* Prints how a command ended: "[exit N]" or "[killed by signal N (SIG)]". */
static void print_status(FILE *f, int status)
{
	static const char *const names[] = {
	    "0",       "SIGHUP",    "SIGINT",  "SIGQUIT",  "SIGILL",
	    "SIGTRAP", "SIGABRT",   "SIGBUS",  "SIGFPE",   "SIGKILL",
	    "SIGUSR1", "SIGSEGV",   "SIGUSR2", "SIGPIPE",  "SIGALRM",
	    "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",  "SIGSTOP",
	    "SIGTSTP", "SIGTTIN",   "SIGTTOU", "SIGURG",   "SIGXCPU",
	    "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",
	    "SIGPWR",  "SIGSYS",
	};
	int sig = WTERMSIG(status);

	if (WIFEXITED(status))
		fprintf(f, "[exit %d]\n", WEXITSTATUS(status));
	else if (sig > 0 && sig < (int)(sizeof(names) / sizeof(names[0])))
		fprintf(f, "[killed by signal %d (%s)]\n", sig, names[sig]);
	else
		fprintf(f, "[killed by signal %d]\n", sig);
}

static int builtin_status(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	print_status(stdout, last_status);
	return 0;
}

static int builtin_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fflush(stdout);
	syscall(SYS_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_POWEROFF,
		NULL);
	fprintf(stderr, "poweroff: %s\n", strerror(errno));
	return 1;
}

/* ---- running commands ---------------------------------------------------- */

/* Opens path with flags onto fd target; returns 0, or -1 after a message. */
static int redirect_one(const char *path, int flags, int target)
{
	int fd = open(path, flags, 0644);

	if (fd < 0) {
		fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
		return -1;
	}
	dup2(fd, target);
	close(fd);
	return 0;
}

/* Points fd 0 and 1 at the command's files; returns 0 or -1. */
static int redirect(const struct command *c)
{
	int out_flags = O_WRONLY | O_CREAT | (c->append ? O_APPEND : O_TRUNC);

	if (c->in && redirect_one(c->in, O_RDONLY, 0) < 0)
		return -1;
	if (c->out && redirect_one(c->out, out_flags, 1) < 0)
		return -1;
	return 0;
}

/* In a child: runs the command (a builtin or a program); never returns. */
static void child_run(const struct command *c)
{
	const struct builtin *b = find_builtin(c->argv[0]);
	char path[LINE_SIZE + 8];

	if (redirect(c) < 0)
		_exit(1);
	if (b) {
		int code = b->fn(c->argc, (char **)c->argv);

		fflush(stdout);
		_exit(code);
	}
	if (strchr(c->argv[0], '/'))
		snprintf(path, sizeof(path), "%s", c->argv[0]);
	else
		snprintf(path, sizeof(path), "/bin/%s", c->argv[0]);
	execve(path, (char **)c->argv, environ);
	if (errno == ENOENT) {
		fprintf(stderr, "sh: %s: command not found\n", c->argv[0]);
		_exit(127);
	}
	fprintf(stderr, "sh: %s: %s\n", c->argv[0], strerror(errno));
	_exit(126);
}

/* A builtin alone: runs in the shell, with its redirections undone after. */
static int run_builtin_here(const struct builtin *b, struct command *c)
{
	int saved_in = dup(0), saved_out = dup(1), code = 1;

	if (redirect(c) == 0)
		code = b->fn(c->argc, c->argv);
	fflush(stdout);
	dup2(saved_in, 0);
	dup2(saved_out, 1);
	close(saved_in);
	close(saved_out);
	return code << 8; /* as a wait status */
}

/* Runs cmd[0] | cmd[1] | ...; returns the wait status of the last one. */
static int run_pipeline(struct command *cmd, int ncmd)
{
	pid_t pids[MAX_CMDS];
	int in = -1, status = 0;
	const struct builtin *b = find_builtin(cmd[0].argv[0]);

	if (ncmd == 1 && b)
		return run_builtin_here(b, &cmd[0]);
	fflush(stdout);
	for (int i = 0; i < ncmd; i++) {
		int fds[2] = {-1, -1};

		if (i + 1 < ncmd && pipe(fds) != 0) {
			fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
			ncmd = i;
			break;
		}
		pids[i] = fork();
		if (pids[i] == 0) {
			if (in >= 0) {
				dup2(in, 0);
				close(in);
			}
			if (fds[1] >= 0) {
				dup2(fds[1], 1);
				close(fds[1]);
				close(fds[0]);
			}
			child_run(&cmd[i]);
		}
		if (pids[i] < 0)
			fprintf(stderr, "sh: fork: %s\n", strerror(errno));
		if (in >= 0)
			close(in);
		if (fds[1] >= 0)
			close(fds[1]);
		in = fds[0];
	}
	if (in >= 0)
		close(in);
	for (int i = 0; i < ncmd; i++)
		if (pids[i] > 0)
			while (waitpid(pids[i], &status, 0) < 0 &&
			       errno == EINTR)
				;
	return status;
}

/* Parses and runs one line; returns its wait status, or -1 if empty. */
static int run_line(const char *line)
{
	static char store[2 * LINE_SIZE];
	struct token tok[MAX_TOKENS];
	struct command cmd[MAX_CMDS];
	int ntok, ncmd;

	if (strlen(line) >= LINE_SIZE) {
		fprintf(stderr, "sh: line too long\n");
		return 2 << 8;
	}
	ntok = tokenize(line, store, tok);
	if (ntok < 0)
		return 2 << 8;
	ncmd = parse(tok, ntok, cmd);
	if (ncmd < 0)
		return 2 << 8;
	if (ncmd == 0)
		return -1;
	return run_pipeline(cmd, ncmd);
}

int main(int argc, char *argv[])
{
	char line[LINE_SIZE];
	int status;

	if (argc > 2 && strcmp(argv[1], "-c") == 0) {
		int status = run_line(argv[2]);

		return status < 0 ? 0 : exit_code(status);
	}
	if (argc > 1) {
		fprintf(stderr, "usage: sh [-c LINE]\n");
		return 2;
	}
	for (;;) {
		echo(PROMPT, strlen(PROMPT));
		if (read_line(line, sizeof(line)) < 0)
			break;
		status = run_line(line);
		if (status < 0)
			continue; /* an empty line keeps the last status */
		last_status = status;
		if (status != 0)
			print_status(stderr, status);
	}
	echo("\n", 1);
	return 0;
}
