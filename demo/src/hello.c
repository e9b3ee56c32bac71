/* A console program: the smallest useful sample. */
#include <stdio.h>

int main(void) {
  puts("Merc demo: hello from a console program");
  return 0;
}
