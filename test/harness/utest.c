/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "kernel/arch.h"
#include "kernel/thread.h"
#include "test/harness/ktest.h"
#include "test/harness/utest.h"

/* Load (kernel) addresses of the user sections, and the user-VA offset. */
extern char __uimg_text_start[], __uimg_text_end[];
extern char __uimg_ro_start[], __uimg_ro_end[];
extern char __uimg_rw_start[], __uimg_rw_end[];
extern char __utest_offset[];

void *utest_k(volatile void *user_ptr)
{
	return (char *)user_ptr + (uintptr_t)__utest_offset;
}

static int add(struct domain *d, char *start, char *end, uint32_t attr)
{
	if (end == start)
		return 0;
	return domain_add_partition(d, (paddr_t)start, (size_t)(end - start), attr);
}

static int init(struct domain *d, const char *name, uint32_t text_attr)
{
	int rc = domain_init(d, name);

	if (!rc)
		rc = add(d, __uimg_text_start, __uimg_text_end, text_attr);
	if (!rc)
		rc = add(d, __uimg_ro_start, __uimg_ro_end, MEM_R | MEM_USER);
	if (!rc)
		rc = add(d, __uimg_rw_start, __uimg_rw_end, MEM_RW | MEM_USER);
	if (rc && d->as)
		domain_deinit(d);
	return rc;
}

int utest_domain_init(struct domain *d, const char *name)
{
	return init(d, name, MEM_RX | MEM_USER);
}

int utest_domain_init_priv(struct domain *d, const char *name)
{
	return init(d, name, MEM_RX);
}

vaddr_t utest_entry(void (*fn)(uintptr_t))
{
	return (vaddr_t)fn; /* linked at its user address */
}

struct thread *utest_start(struct domain *d, const char *name, void (*fn)(uintptr_t), uintptr_t arg,
			   int prio)
{
	struct thread *t = NULL;

	KT_ASSERT_EQ(thread_create_user(&t, name, d, utest_entry(fn), arg, 8192, prio), 0);
	return t;
}
