package branch

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// ParseLive reads the live branches: one name a line, or the output of
// `git ls-remote --heads origin` as is ("<sha>\trefs/heads/<name>").
// Blank lines and #-comments are skipped; other refs (tags, pull
// requests) are ignored. Names are kept as TagValue would store them.
func ParseLive(r io.Reader) (map[string]bool, error) {
	live := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) > 2 {
			return nil, fmt.Errorf("line %d: want a branch name or \"<sha> refs/heads/<name>\", got %q", n, line)
		}
		ref := f[len(f)-1]
		if name, ok := strings.CutPrefix(ref, "refs/heads/"); ok {
			live[TagValue(name)] = true
		} else if len(f) == 1 && !strings.HasPrefix(ref, "refs/") {
			live[TagValue(ref)] = true
		}
	}
	return live, sc.Err()
}
