// kindconsts prints the value of a string constant of kind's pkg/build/nodeimage (const_cni.go,
// const_storage.go: the manifests and image names a kind node image carries), type-checked with
// go/types so `...` + kindnetdImage + `...` concatenations come out exactly as kind's build writes them.
//   go run . <kind module dir> <const name>
package main

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
)

func main() {
	dir, name := os.Args[1], os.Args[2]
	fset := token.NewFileSet()
	var files []*ast.File
	for _, f := range []string{"const_cni.go", "const_storage.go", "const.go", "defaults.go"} {
		file, err := parser.ParseFile(fset, filepath.Join(dir, "pkg/build/nodeimage", f), nil, 0)
		if err != nil {
			panic(err)
		}
		files = append(files, file)
	}
	pkg, err := (&types.Config{}).Check("nodeimage", fset, files, nil)
	if err != nil {
		panic(err)
	}
	c, ok := pkg.Scope().Lookup(name).(*types.Const)
	if !ok {
		fmt.Fprintf(os.Stderr, "no const %s\n", name)
		os.Exit(1)
	}
	fmt.Print(constant.StringVal(c.Val()))
}
