// SPDX-License-Identifier: GPL-2.0
/*
 * Where a report goes: stdout (stderr for run), or -o FILE.
 *
 * The report is gathered in memory and put out in one go at the end,
 * for two reasons.  A stream gets it in one write(), not a few bytes at
 * a time between whatever else writes there (on run's stderr, CMD's
 * children that outlived it).  And a FILE that others read at any time,
 * a .prom file in node_exporter's textfile directory above all, must
 * never be seen half written, nor emptied by a command that failed.  So
 * FILE, when it is a regular file or does not exist yet, is written as a
 * temporary file beside it, which is renamed over it only once the
 * report is whole and on disk: a reader opens the old report or the new
 * one, never anything between, and a failure leaves the old one.
 *
 * Anything else that FILE can name (a device such as /dev/null or
 * /dev/stdout, a FIFO, a symbolic link) is opened and written in place:
 * there is no file to replace, or the link is the user's to keep.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pfstat.h"

/* All of @buf to @fd: 0, or -1 with errno set. */
static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

/*
 * Create the temporary file that is to replace @path: ".NAME.XXXXXX" in
 * the same directory, so that rename() stays within one file system; a
 * name that the textfile collector, which reads "*.prom" only, passes
 * over.  It gets the permissions of the file it replaces (@old), or
 * those a new file would get: mkstemp() makes it 0600, which the
 * collector, running as another user, could not read.  The fd, or -1
 * with errno set.
 */
static int open_tmp(struct outfile *o, const char *path,
		    const struct stat *old)
{
	const char *base = strrchr(path, '/');
	int dirlen = base ? base - path + 1 : 0;
	mode_t mask;
	int fd, err;

	base = base ? base + 1 : path;
	if (asprintf(&o->tmp, "%.*s.%s.XXXXXX", dirlen, path, base) < 0)
		no_memory();
	fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd < 0)
		goto fail;
	mask = umask(0);
	umask(mask);
	if (!fchmod(fd, old ? old->st_mode & 07777 : 0666 & ~mask))
		return fd;
	err = errno;
	unlink(o->tmp);
	close(fd);
	errno = err;
fail:
	free(o->tmp);
	o->tmp = NULL;
	return -1;
}

/*
 * Set up @o for a report to @path, or to @std (stdout or stderr) when
 * @path is NULL.  FILE is opened now, so that a mistyped path fails
 * before any work is done.  0, or -1 after saying why.
 */
int outfile_open(struct outfile *o, const char *path, FILE *std)
{
	struct stat st;

	memset(o, 0, sizeof(*o));
	if (!path) {
		o->fd = fileno(std);
		o->name = std == stderr ? "stderr" : "stdout";
	} else {
		o->path = path;
		o->name = path;
		if (!lstat(path, &st))
			o->fd = S_ISREG(st.st_mode) ? open_tmp(o, path, &st) :
				open(path, O_WRONLY | O_CREAT | O_TRUNC |
				     O_CLOEXEC, 0666);
		else if (errno == ENOENT)
			o->fd = open_tmp(o, path, NULL);
		else
			o->fd = -1;
		if (o->fd < 0) {
			pf_warn_path(path, errno);
			return -1;
		}
	}
	o->f = open_memstream(&o->buf, &o->len);
	if (!o->f)
		no_memory();
	return 0;
}

/*
 * Put the report out, and close @o: 0, or -1 after saying why.  @ok is
 * false when the command failed: a stream or a device still gets what
 * there is (what could be read), but FILE is not replaced.
 */
int outfile_close(struct outfile *o, bool ok)
{
	int err = 0;

	if (fclose(o->f))
		no_memory();
	if ((ok || !o->tmp) && write_all(o->fd, o->buf, o->len))
		err = errno;
	if (o->tmp) {
		/*
		 * On disk before it has the name: a crash then leaves the
		 * old file or the new one, not an empty one.
		 */
		if (ok && !err && fsync(o->fd))
			err = errno;
		if (close(o->fd) && ok && !err)
			err = errno;
		if (ok && !err && rename(o->tmp, o->name))
			err = errno;
		if (!ok || err)
			unlink(o->tmp);
		free(o->tmp);
	} else if (o->path && close(o->fd) && !err) {
		err = errno;
	}
	free(o->buf);
	if (err) {
		pf_warn_path(o->name, err);
		return -1;
	}
	return 0;
}

/*
 * Flush stdout, which a command writes to directly (read, watch, the
 * help texts), and make sure that all of it was written: 0, or -1 after
 * saying why, as "stdout: ENOSPC" (with EIO when only the stream's
 * error flag is left to tell: a write that failed earlier).  The flag
 * is cleared, so that the failure is told once.
 */
int stdout_flush(void)
{
	int err = 0;

	if (fflush(stdout))
		err = errno;
	else if (ferror(stdout))
		err = EIO;
	if (!err)
		return 0;
	clearerr(stdout);
	pf_warn_path("stdout", err);
	return -1;
}
