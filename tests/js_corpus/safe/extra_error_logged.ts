import { Request, Response, NextFunction } from 'express';
import { logger } from './logger';

export function errorHandler(err: Error, req: Request, res: Response, _next: NextFunction) {
  logger.error({ message: err.message, stack: err.stack, path: req.path });
  res.status(500).json({ error: 'Internal Server Error' });
}

export function validationError(res: Response, details: string[]) {
  res.status(400).json({ error: 'Validation failed', details });
}
