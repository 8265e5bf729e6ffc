/*
 * t_threads.c - POSIX threads from the host's musl (pthread_create uses
 * clone with CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID
 * |CHILD_CLEARTID, and futexes for joining and locking), run unmodified on
 * Linux and on tide.
 */
#include "../user/utest.h"

#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define NTHREADS 4
#define ROUNDS	 2000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter, ready;
static __thread int tls_value;

static void *add(void *arg)
{
	tls_value = (int)(intptr_t)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		if (i % 100 == 0)
			sched_yield();
	}
	return (void *)(intptr_t)(tls_value * 10);
}

static void threads_share_memory_and_join(void)
{
	pthread_t t[NTHREADS];
	for (intptr_t i = 0; i < NTHREADS; i++)
		REQUIRE(pthread_create(&t[i], NULL, add, (void *)(i + 1)) == 0);
	for (int i = 0; i < NTHREADS; i++) {
		void *ret;
		EXPECT_EQ(pthread_join(t[i], &ret), 0);
		EXPECT_EQ((intptr_t)ret, (i + 1) * 10); /* each its own TLS */
	}
	EXPECT_EQ(counter, NTHREADS * ROUNDS);
}

static void *tid_of(void *arg)
{
	*(long *)arg = syscall(SYS_gettid);
	return NULL;
}

static void threads_have_own_tid_same_pid(void)
{
	long tid = 0;
	pthread_t t;
	REQUIRE(pthread_create(&t, NULL, tid_of, &tid) == 0);
	pthread_join(t, NULL);
	EXPECT(tid > 0);
	EXPECT(tid != getpid());
	EXPECT_EQ(syscall(SYS_gettid), getpid()); /* the main thread */
}

static void *wait_ready(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	while (!ready)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	return (void *)42;
}

static void condition_variable_wakes_waiter(void)
{
	pthread_t t;
	void *ret;
	REQUIRE(pthread_create(&t, NULL, wait_ready, NULL) == 0);
	usleep(20000);
	pthread_mutex_lock(&lock);
	ready = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	EXPECT_EQ(pthread_join(t, &ret), 0);
	EXPECT_EQ((intptr_t)ret, 42);
}

static volatile uintptr_t bad_address = 16;

static void *crash(void *arg)
{
	(void)arg;
	*(volatile int *)bad_address = 1; /* SIGSEGV in a thread */
	return NULL;
}

static void fault_in_thread_kills_process(void)
{
	fflush(stdout);
	pid_t pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, crash, NULL);
		for (;;)
			pause(); /* the whole process must die */
	}
	int status;
	EXPECT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
}

static void *spin(void *arg)
{
	(void)arg;
	for (;;)
		sched_yield();
	return NULL;
}

static void exit_from_main_ends_all_threads(void)
{
	fflush(stdout);
	pid_t pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, spin, NULL);
		usleep(10000);
		exit(7); /* exit_group: the spinning thread goes too */
	}
	int status;
	EXPECT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 7);
}

static volatile int handled;

static void on_usr1(int sig)
{
	handled = sig;
}

static void *install_and_chdir(void *arg)
{
	(void)arg;
	signal(SIGUSR1, on_usr1);
	return (void *)(intptr_t)chdir("/tmp");
}

static void threads_share_handlers_and_cwd(void)
{
	pthread_t t;
	void *ret;
	char cwd[64];
	REQUIRE(pthread_create(&t, NULL, install_and_chdir, NULL) == 0);
	EXPECT_EQ(pthread_join(t, &ret), 0);
	EXPECT_EQ((intptr_t)ret, 0);
	raise(SIGUSR1); /* the handler the thread installed */
	EXPECT_EQ(handled, SIGUSR1);
	EXPECT(getcwd(cwd, sizeof(cwd)) != NULL);
	EXPECT_STREQ(cwd, "/tmp");
}

static const struct utest_case cases[] = {
    UTEST(threads_share_handlers_and_cwd),
    UTEST(threads_share_memory_and_join),
    UTEST(threads_have_own_tid_same_pid),
    UTEST(condition_variable_wakes_waiter),
    UTEST(fault_in_thread_kills_process),
    UTEST(exit_from_main_ends_all_threads),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
