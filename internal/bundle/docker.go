package bundle

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// DockerInputs is the folder, inside a bundle's output, where WriteDockerInputs
// leaves pip's arguments and the function's files for DockerScript; the
// script removes it.
const DockerInputs = ".pylambda-docker"

// WriteDockerInputs prepares out for DockerScript run in a container that
// sees the function's folder at /asset-input and out at /asset-output: pip's
// arguments, one a line, and the bundle's own files, selected here by the
// same exclude engine as a local build. Nothing of it is in the script
// itself, so that the script (which the CDK hashes) holds no index URL, pip
// option, exclude pattern or host path.
func (p *Plan) WriteDockerInputs(out string) error {
	reqFile := ""
	if p.reqFile != "" {
		reqFile = "/asset-input/" + RequirementsFile
	}
	args := []string{}
	if p.HasDependencies() {
		args = p.PipArgs(reqFile, "/asset-output")
	}
	if err := os.MkdirAll(filepath.Join(out, DockerInputs), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, DockerInputs, "pip-args"), []byte(strings.Join(args, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	// The sources, then the extra files, wait beside pip's arguments: the
	// script copies them after pip, so that they win over dependencies as
	// they do in Build.
	files := filepath.Join(out, DockerInputs, "files")
	for _, rel := range p.sources {
		if err := CopyFile(filepath.Join(p.opts.Entry, filepath.FromSlash(rel)), filepath.Join(files, filepath.FromSlash(rel))); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(files, 0o755); err != nil {
		return err
	}
	return p.writeExtraFiles(files)
}

// DockerScript is the bash script that builds a bundle in a container after
// WriteDockerInputs: pip installs into /asset-output, then the bundle's own
// files are copied over the dependencies.
const DockerScript = `set -eu
args=(); while IFS= read -r a; do [ -n "$a" ] && args+=("$a"); done < /asset-output/` + DockerInputs + `/pip-args
mv /asset-output/` + DockerInputs + ` /tmp/inputs
if [ ${#args[@]} -gt 0 ]; then pip "${args[@]}"; fi
cp -R /tmp/inputs/files/. /asset-output/`

// DockerRunning reports whether a Docker engine answers (the client alone is
// not enough), asking once per process.
var DockerRunning = sync.OnceValue(func() bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return exec.CommandContext(ctx, "docker", "version", "--format", "{{.Server.Version}}").Run() == nil
})
