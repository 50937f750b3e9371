import type { NextFunction, Request, Response } from 'express';

// The gateway in front of us authenticates and forwards the user in a header.
export function gatewayUser(req: Request, res: Response, next: NextFunction) {
  res.locals.user = req.header('x-forwarded-user') ?? 'anonymous';
  next();
}
