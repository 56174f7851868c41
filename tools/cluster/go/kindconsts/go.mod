module kindconsts

go 1.24
