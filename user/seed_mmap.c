/* Verbatim from the seed post (2023-05-27), its 3rd program: mmap. */
#include <stdio.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/mman.h>

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
main(int argc, char **argv)
{

    int  N = 5;

    print_file_map();
    int *ptr = mmap(NULL, N * sizeof(int), PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, 0, 0);

    if (ptr == MAP_FAILED) {
        fprintf(stderr, "Mapping Failed\n");
        return 1;
    }

    fprintf(stderr, "Mapping address: %p\n", ptr);
    print_file_map();

    for (int i = 0; i < N; i++)
        ptr[i] = i * 10;

    int err = munmap(ptr, 10 * sizeof(int));
    if (err != 0) {
        fprintf(stderr, "UnMapping Failed\n");
        return 1;
    }

    print_file_map();

    return 0;
}
