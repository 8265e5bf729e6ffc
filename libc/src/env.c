/*
 * The environment: environ points at the array the kernel put on the
 * stack until the first setenv/unsetenv/putenv, which copies it to a
 * malloc'd array that can grow.  Strings made by setenv are never freed
 * (another pointer to them may still be in use).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char **owned_env; /* environ, when it is our malloc'd copy */
static size_t owned_cap; /* entries allocated in owned_env */

/* Index of NAME= in environ, or -1. */
static long env_find(const char *name, size_t len)
{
	if (environ == NULL)
		return -1;
	for (long i = 0; environ[i]; i++) {
		if (strncmp(environ[i], name, len) == 0 &&
		    environ[i][len] == '=')
			return i;
	}
	return -1;
}

char *getenv(const char *name)
{
	size_t len = strlen(name);
	long i = env_find(name, len);

	return i < 0 ? NULL : environ[i] + len + 1;
}

static size_t env_count(void)
{
	size_t n = 0;

	while (environ && environ[n])
		n++;
	return n;
}

/* Makes environ our own array with room for one more entry. */
static int env_make_room(void)
{
	size_t n = env_count();
	char **env;

	if (environ == owned_env && n + 2 <= owned_cap)
		return 0;
	env = malloc((n + 2) * 2 * sizeof(char *));
	if (env == NULL)
		return -1;
	if (n > 0)
		memcpy(env, environ, n * sizeof(char *));
	env[n] = NULL;
	free(environ == owned_env ? owned_env : NULL);
	environ = owned_env = env;
	owned_cap = (n + 2) * 2;
	return 0;
}

/* Puts "NAME=..." in place of any NAME entry, or appends it. */
static int env_put(char *entry, size_t name_len)
{
	long i = env_find(entry, name_len);
	size_t n;

	if (env_make_room() < 0)
		return -1;
	if (i >= 0) {
		environ[i] = entry;
		return 0;
	}
	n = env_count();
	environ[n] = entry;
	environ[n + 1] = NULL;
	return 0;
}

int setenv(const char *name, const char *value, int overwrite)
{
	size_t nlen, vlen;
	char *entry;

	if (name == NULL || name[0] == '\0' || strchr(name, '=')) {
		errno = EINVAL;
		return -1;
	}
	nlen = strlen(name);
	if (!overwrite && env_find(name, nlen) >= 0)
		return 0;
	vlen = strlen(value);
	entry = malloc(nlen + vlen + 2);
	if (entry == NULL)
		return -1;
	memcpy(entry, name, nlen);
	entry[nlen] = '=';
	memcpy(entry + nlen + 1, value, vlen + 1);
	return env_put(entry, nlen);
}

int putenv(char *string)
{
	char *eq = strchr(string, '=');

	if (eq == NULL)
		return unsetenv(string);
	return env_put(string, eq - string);
}

int unsetenv(const char *name)
{
	size_t len;
	long i;

	if (name == NULL || name[0] == '\0' || strchr(name, '=')) {
		errno = EINVAL;
		return -1;
	}
	len = strlen(name);
	while ((i = env_find(name, len)) >= 0) {
		if (env_make_room() < 0)
			return -1;
		for (; environ[i]; i++)
			environ[i] = environ[i + 1];
	}
	return 0;
}

int clearenv(void)
{
	free(owned_env);
	owned_env = NULL;
	owned_cap = 0;
	environ = NULL;
	return 0;
}
