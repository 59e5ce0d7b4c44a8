module github.com/sourcing-go/sourcing

go 1.24

require (
	github.com/golang/geo v0.0.0-20260818125358-b200a1149890
	github.com/google/go-cmp v0.7.0
	github.com/stretchr/testify v1.12.1
)

require (
	github.com/google/go-units v0.0.0-20250612230646-eddd77f68220 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
