/* Verbatim from the seed post (2023-05-27), its 2nd program: brk + maps. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void
print_file_map(void)
{
    FILE    *fp;
    char    *line;
    int      len;
    char     line_buf[512];
     
    fp = fopen("/proc/self/maps", "r");
    if(fp == NULL) {
        fprintf(stderr, "failed to open /proc/self/maps\n");
        return;
    }

    while (1) {
        len = sizeof(line_buf);
        line = fgets(line_buf, len, fp);
        if (line == NULL) {
            break;
        }

        fprintf(stderr, "%s", line);
    }

    fprintf(stderr, "\n");

    fclose(fp);
}


int
main(int argc, char *argv[])
{
    void* c1 = sbrk(0);
    fprintf(stderr, "program break address: %p\n", c1);
    print_file_map();

    c1 = (void*) ((char*) c1 + 128);
    fprintf(stderr, "c1: %p\n", c1);
    brk(c1);
    void* c2 = sbrk(0);
    fprintf(stderr, "program break address: %p\n", c2); 
    print_file_map();

    return 0;
}
