/* Verbatim from the seed post (2023-05-27), its 1st program: brk/sbrk. */
#include <stdio.h>
#include <unistd.h>


int
main(int argc, char *argv[])
{
    void* c1 = sbrk(0);
    fprintf(stderr, "program break address: %p\n", c1);
    c1 = (void*) ((char*) c1 + 128);
    fprintf(stderr, "c1: %p\n", c1);
    brk(c1);
    void* c2 = sbrk(0);
    fprintf(stderr, "program break address: %p\n", c2);
    return 0;
}
